//! An interpreter's standard output. Text is buffered under the GIL (`Output`); whoever
//! flushes takes the buffer as a `Chunk` with a ticket and writes it to the sink — with the
//! GIL released when the caller can (`interp::thread::flush_stdout`), so a slow terminal or
//! pipe does not stop the interpreter's other threads.
//!
//! Written against the `sync` shim, so `loom-tests/` checks this very file.
//!
//! Invariant: chunks reach the sink in ticket order (tickets are taken under the GIL, in the
//! order the text was buffered), and every chunk advances the turn exactly once — written or
//! dropped — so no writer waits forever.

use crate::sync::{Arc, Condvar, Mutex, lock, wait};
use std::cell::{Cell, RefCell};
use std::io::Write;

/// Buffered text beyond this is written out even by callers that cannot release the GIL.
const HARD_LIMIT: usize = 1 << 16;

struct SinkState {
    turn: u64,
    out: Box<dyn Write + Send>,
}

struct Sink {
    state: Mutex<SinkState>,
    turn_changed: Condvar,
}

pub struct Output {
    buf: RefCell<Vec<u8>>,
    next_ticket: Cell<u64>,
    sink: Arc<Sink>,
}

/// Buffered output on its way to the sink; `Send`, so it can be written without the GIL.
pub struct Chunk {
    data: Vec<u8>,
    ticket: u64,
    sink: Arc<Sink>,
    done: bool,
}

impl Output {
    pub fn new(out: Box<dyn Write + Send>) -> Output {
        Output {
            buf: RefCell::new(Vec::new()),
            next_ticket: Cell::new(0),
            sink: Arc::new(Sink {
                state: Mutex::new(SinkState { turn: 0, out }),
                turn_changed: Condvar::new(),
            }),
        }
    }

    /// Buffer `data`; past the hard limit, write synchronously.
    pub fn write(&self, data: &[u8]) -> std::io::Result<()> {
        let full = {
            let mut b = self.buf.borrow_mut();
            b.extend_from_slice(data);
            b.len() >= HARD_LIMIT
        };
        if full { self.take().finish() } else { Ok(()) }
    }

    /// Write out what is buffered, then send later output to `out`; returns the old sink
    /// (a host capturing an interpreter's output, and giving the old writer back after).
    pub fn replace_sink(&self, out: Box<dyn Write + Send>) -> Box<dyn Write + Send> {
        let _ = self.take().finish();
        let mut st = lock(&self.sink.state);
        std::mem::replace(&mut st.out, out)
    }

    pub fn pending(&self) -> usize {
        self.buf.borrow().len()
    }

    /// Everything buffered so far, in its place in the output order.
    pub fn take(&self) -> Chunk {
        let data = std::mem::take(&mut *self.buf.borrow_mut());
        let ticket = self.next_ticket.get();
        self.next_ticket.set(ticket + 1);
        Chunk {
            data,
            ticket,
            sink: self.sink.clone(),
            done: false,
        }
    }
}

impl Drop for Output {
    /// Nothing buffered is lost when an interpreter goes away without flushing.
    fn drop(&mut self) {
        if self.pending() > 0 {
            let _ = self.take().finish();
        }
    }
}

impl Chunk {
    /// Wait for this chunk's turn, write it and flush the sink.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.write_now()
    }

    fn write_now(&mut self) -> std::io::Result<()> {
        if self.done {
            return Ok(());
        }
        self.done = true;
        let mut st = lock(&self.sink.state);
        while st.turn != self.ticket {
            st = wait(&self.sink.turn_changed, st);
        }
        let r = if self.data.is_empty() {
            st.out.flush()
        } else {
            st.out.write_all(&self.data).and_then(|_| st.out.flush())
        };
        st.turn += 1;
        drop(st);
        self.sink.turn_changed.notify_all();
        r
    }
}

impl Drop for Chunk {
    fn drop(&mut self) {
        let _ = self.write_now();
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn chunks_land_in_ticket_order_and_nothing_is_lost_on_drop() {
        let sink = Shared::default();
        let out = Output::new(Box::new(sink.clone()));
        out.write(b"one ").unwrap();
        let first = out.take();
        out.write(b"two ").unwrap();
        let second = out.take();
        // The later chunk is written from another thread first: it waits for its turn.
        let t = std::thread::spawn(move || second.finish());
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(&*sink.0.lock().unwrap(), b"");
        first.finish().unwrap();
        t.join().unwrap().unwrap();
        out.write(b"three").unwrap();
        drop(out);
        assert_eq!(&*sink.0.lock().unwrap(), b"one two three");
    }
}
