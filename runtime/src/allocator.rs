//! `MiMalloc`: mimalloc as the global allocator, calling its plain `mi_malloc` family for
//! the word-aligned requests that are nearly all of an interpreter's allocations.
//!
//! The `mimalloc` crate's allocator sends every request through `mi_malloc_aligned`, whose
//! alignment checks and fallbacks cost more than the allocation itself on the small-object
//! path the VM lives on. Every mimalloc block is a whole number of words from a 16-byte
//! aligned page start, so `mi_malloc` memory is always 8-byte aligned; only requests aligned
//! beyond 8 bytes need the aligned entry points.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// Alignment every `mi_malloc` block has (a machine word).
const WORD_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc as a `GlobalAlloc` (see the module comment).
pub struct MiMalloc;

// SAFETY: each method returns memory from mimalloc that satisfies `layout` (plain calls only
// when `layout.align()` is at most a word, which every mimalloc block is aligned to; the
// aligned calls otherwise), and frees or reallocates only pointers this allocator returned,
// which mimalloc's `mi_free`/`mi_realloc*` accept whichever entry point made them.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions accept any size and return null on failure.
        unsafe {
            if layout.align() <= WORD_ALIGN {
                mi::mi_malloc(layout.size()) as *mut u8
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe {
            if layout.align() <= WORD_ALIGN {
                mi::mi_zalloc(layout.size()) as *mut u8
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (GlobalAlloc's contract), so from mimalloc.
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`; the result keeps its alignment.
        unsafe {
            if layout.align() <= WORD_ALIGN {
                mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_meet_their_layouts() {
        let a = MiMalloc;
        for size in [1usize, 7, 8, 12, 24, 40, 100, 1000, 5000, 100_000] {
            for align in [1usize, 2, 4, 8, 16, 32, 64, 4096] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: non-zero sizes; every pointer is freed once with its layout.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(
                        !p.is_null() && (p as usize).is_multiple_of(align),
                        "size {size} align {align}"
                    );
                    p.write_bytes(0xAB, size);
                    let q = a.realloc(p, layout, size * 3);
                    assert!(
                        !q.is_null() && (q as usize).is_multiple_of(align),
                        "realloc size {size} align {align}"
                    );
                    assert_eq!(*q.add(size - 1), 0xAB);
                    a.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                    let z = a.alloc_zeroed(layout);
                    assert!(!z.is_null() && (z as usize).is_multiple_of(align));
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
