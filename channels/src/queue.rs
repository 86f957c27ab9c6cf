//! Cross-interpreter queues (PEP 734): a process-wide registry of FIFO queues of `Shareable`
//! items, ids from 1. A blocked `put`/`get` waits on the queue's own condition variables (no
//! polling); callers give a deadline per wait so they can release their GIL and notice
//! interrupts between waits (`rupy_interp::thread::block_until`).
//!
//! Invariants: every item remembers the interpreter that put it; when that interpreter is
//! gone (`interpreter_gone`), its items follow their unbound op — `REMOVE` items leave the
//! queue, `ERROR`/`UNBOUND` items keep their slot but lose their value. A queue lives while
//! it is bound (`bind`/`release` count the Python `Queue` objects) or until `destroy`.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard};
use std::time::Instant;

use dashmap::DashMap;

use crate::Shareable;

/// What happens to an item when the interpreter that put it is destroyed (CPython's flags).
pub const UNBOUND_REMOVE: i64 = 1;
pub const UNBOUND_ERROR: i64 = 2;
pub const UNBOUND: i64 = 3;

pub struct Item {
    /// `None` once the putting interpreter is gone (an unbound item).
    pub value: Option<Shareable>,
    pub owner: i64,
    pub unbound_op: i64,
}

struct State {
    items: VecDeque<Item>,
    refs: usize,
    destroyed: bool,
    /// Threads asleep on `not_empty` / `not_full`: a put or get signals only when someone
    /// sleeps (checked under the lock the sleeper registered under, so no wake-up is lost).
    sleeping_getters: usize,
    sleeping_putters: usize,
}

/// How long a waiter spins (watching `len`) before it sleeps: a reply from an interpreter
/// running on another core usually comes within microseconds, and sleeping and waking
/// cost more than that.
const SPIN: std::time::Duration = std::time::Duration::from_micros(50);

pub struct Queue {
    pub id: i64,
    pub maxsize: i64,
    pub default_unbound_op: i64,
    state: Mutex<State>,
    /// Mirror of the item count, for spinning waiters (read without the lock).
    len: AtomicUsize,
    not_empty: Condvar,
    not_full: Condvar,
}

#[derive(Debug, PartialEq, Eq)]
pub enum QueueError {
    NotFound,
}

static QUEUES: LazyLock<DashMap<i64, Arc<Queue>>> = LazyLock::new(DashMap::new);
static NEXT_ID: AtomicI64 = AtomicI64::new(1);

fn lookup(id: i64) -> Result<Arc<Queue>, QueueError> {
    QUEUES
        .get(&id)
        .map(|q| q.clone())
        .ok_or(QueueError::NotFound)
}

/// A new queue; it has no bindings yet.
pub fn create(maxsize: i64, default_unbound_op: i64) -> i64 {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let q = Queue {
        id,
        maxsize,
        default_unbound_op,
        state: Mutex::new(State {
            items: VecDeque::new(),
            refs: 0,
            destroyed: false,
            sleeping_getters: 0,
            sleeping_putters: 0,
        }),
        len: AtomicUsize::new(0),
        not_empty: Condvar::new(),
        not_full: Condvar::new(),
    };
    QUEUES.insert(id, Arc::new(q));
    id
}

/// Remove a queue at once; waiters wake and find it gone.
pub fn destroy(id: i64) -> Result<(), QueueError> {
    let (_, q) = QUEUES.remove(&id).ok_or(QueueError::NotFound)?;
    q.lock().destroyed = true;
    q.not_empty.notify_all();
    q.not_full.notify_all();
    Ok(())
}

pub fn get_queue(id: i64) -> Result<Arc<Queue>, QueueError> {
    lookup(id)
}

/// Every live queue: (id, default unbound op).
pub fn list_all() -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> = QUEUES
        .iter()
        .map(|e| (e.id, e.default_unbound_op))
        .collect();
    v.sort_unstable();
    v
}

pub fn bind(id: i64) -> Result<(), QueueError> {
    lookup(id)?.lock().refs += 1;
    Ok(())
}

/// Drop one binding; the last one destroys the queue. Returns whether it was bound.
pub fn release(id: i64) -> Result<bool, QueueError> {
    let q = lookup(id)?;
    let last = {
        let mut st = q.lock();
        if st.refs == 0 {
            return Ok(false);
        }
        st.refs -= 1;
        st.refs == 0
    };
    if last {
        let _ = destroy(id);
    }
    Ok(true)
}

/// An interpreter was destroyed: its items follow their unbound ops, in every queue.
pub fn interpreter_gone(interp: i64) {
    let queues: Vec<Arc<Queue>> = QUEUES.iter().map(|e| e.value().clone()).collect();
    for q in queues {
        let mut st = q.lock();
        let before = st.items.len();
        st.items
            .retain(|it| !(it.owner == interp && it.unbound_op == UNBOUND_REMOVE));
        q.len.store(st.items.len(), Ordering::Release);
        for it in st.items.iter_mut().filter(|it| it.owner == interp) {
            it.value = None;
        }
        if st.items.len() != before {
            q.not_full.notify_all();
        }
    }
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn is_full_locked(&self, st: &State) -> bool {
        self.maxsize > 0 && st.items.len() as i64 >= self.maxsize
    }

    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_full(&self) -> bool {
        let st = self.lock();
        self.is_full_locked(&st)
    }

    /// Add `item`, waiting for room until `until` (`None`: do not wait). Gives the item back
    /// when there is still no room; `NotFound` once the queue is destroyed.
    pub fn put(&self, item: Item, until: Option<Instant>) -> Result<Result<(), Item>, QueueError> {
        let mut spun = false;
        let mut st = self.lock();
        loop {
            if st.destroyed {
                return Err(QueueError::NotFound);
            }
            if !self.is_full_locked(&st) {
                st.items.push_back(item);
                self.len.store(st.items.len(), Ordering::Release);
                if st.sleeping_getters > 0 {
                    self.not_empty.notify_one();
                }
                return Ok(Ok(()));
            }
            let Some(until) = until else {
                return Ok(Err(item));
            };
            if Instant::now() >= until {
                return Ok(Err(item));
            }
            if !spun {
                spun = true;
                drop(st);
                self.spin(until, |len| {
                    self.maxsize <= 0 || (len as i64) < self.maxsize
                });
                st = self.lock();
                continue;
            }
            st.sleeping_putters += 1;
            let wait = until.saturating_duration_since(Instant::now());
            st = self
                .not_full
                .wait_timeout(st, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
            st.sleeping_putters -= 1;
        }
    }

    /// Take the oldest item, waiting for one until `until` (`None`: do not wait).
    pub fn get(&self, until: Option<Instant>) -> Result<Option<Item>, QueueError> {
        let mut spun = false;
        let mut st = self.lock();
        loop {
            if st.destroyed {
                return Err(QueueError::NotFound);
            }
            if let Some(item) = st.items.pop_front() {
                self.len.store(st.items.len(), Ordering::Release);
                if st.sleeping_putters > 0 {
                    self.not_full.notify_one();
                }
                return Ok(Some(item));
            }
            let Some(until) = until else { return Ok(None) };
            if Instant::now() >= until {
                return Ok(None);
            }
            if !spun {
                spun = true;
                drop(st);
                self.spin(until, |len| len > 0);
                st = self.lock();
                continue;
            }
            st.sleeping_getters += 1;
            let wait = until.saturating_duration_since(Instant::now());
            st = self
                .not_empty
                .wait_timeout(st, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
            st.sleeping_getters -= 1;
        }
    }

    /// Spin (without the lock) until `ready(len)`, `SPIN` passed or `until`.
    fn spin(&self, until: Instant, ready: impl Fn(usize) -> bool) {
        let stop = (Instant::now() + SPIN).min(until);
        let mut n = 0u32;
        while !ready(self.len.load(Ordering::Acquire)) {
            std::hint::spin_loop();
            n += 1;
            if n.is_multiple_of(64) && Instant::now() >= stop {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(v: i64, owner: i64, op: i64) -> Item {
        Item {
            value: Some(Shareable::Int(v)),
            owner,
            unbound_op: op,
        }
    }

    #[test]
    fn fifo_maxsize_and_unbound_items() {
        let id = create(2, UNBOUND);
        let q = get_queue(id).unwrap();
        assert!(q.put(item(1, 7, UNBOUND), None).unwrap().is_ok());
        assert!(q.put(item(2, 8, UNBOUND_REMOVE), None).unwrap().is_ok());
        assert!(q.is_full());
        assert!(q.put(item(3, 7, UNBOUND), None).unwrap().is_err());
        interpreter_gone(8);
        assert_eq!(q.len(), 1);
        interpreter_gone(7);
        let first = q.get(None).unwrap().unwrap();
        assert!(first.value.is_none());
        assert!(q.get(None).unwrap().is_none());
        destroy(id).unwrap();
        assert_eq!(get_queue(id).err(), Some(QueueError::NotFound));
    }

    #[test]
    fn blocked_get_wakes_on_put_from_another_thread() {
        let id = create(0, UNBOUND);
        let q = get_queue(id).unwrap();
        let q2 = q.clone();
        let t = std::thread::spawn(move || {
            q2.get(Some(Instant::now() + std::time::Duration::from_secs(10)))
        });
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(q.put(item(5, 0, UNBOUND), None).unwrap().is_ok());
        let got = t.join().unwrap().unwrap().unwrap();
        assert!(matches!(got.value, Some(Shareable::Int(5))));
        bind(id).unwrap();
        assert!(release(id).unwrap());
        assert!(get_queue(id).is_err());
    }
}
