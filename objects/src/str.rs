//! `PyStr`: an immutable Python `str` stored as UTF-8, with its hash cached and an ASCII flag so
//! that indexing and `len()` are O(1) for ASCII text (the common case); non-ASCII strings index by
//! code point through a scan.

use std::cell::Cell;

pub struct PyStr {
    s: Box<str>,
    /// Number of code points.
    len: usize,
    hash: Cell<i64>,
}

impl PyStr {
    pub fn new(s: &str) -> Self {
        Self::from_string(s.to_owned())
    }

    pub fn from_string(s: String) -> Self {
        let len = if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        PyStr {
            s: s.into_boxed_str(),
            len,
            hash: Cell::new(-1),
        }
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// Length in code points.
    #[inline]
    pub fn char_len(&self) -> usize {
        self.len
    }

    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.len == self.s.len()
    }

    /// The code point at index `i` (already bounds-checked by the caller).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.s.as_bytes()[i] as char
        } else {
            self.s.chars().nth(i).unwrap_or('\0')
        }
    }

    /// Substring by code-point range [start, end).
    pub fn substr(&self, start: usize, end: usize) -> &str {
        if self.is_ascii() {
            &self.s[start..end]
        } else {
            let mut it = self
                .s
                .char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(self.s.len()));
            let b0 = it.nth(start).unwrap_or(self.s.len());
            let b1 = if end > start {
                it.nth(end - start - 1).unwrap_or(self.s.len())
            } else {
                b0
            };
            &self.s[b0..b1]
        }
    }

    /// Python's hash of this string (stable within one process; cached).
    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = str_hash(&self.s);
        self.hash.set(h);
        h
    }
}

/// FNV-1a over the bytes, folded so it is never -1 (CPython reserves -1 as an error marker).
pub fn str_hash(s: &str) -> i64 {
    // The empty string hashes to 0, as in CPython (other values are seed-dependent there).
    if s.is_empty() {
        return 0;
    }
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    let h = h as i64;
    if h == -1 { -2 } else { h }
}
