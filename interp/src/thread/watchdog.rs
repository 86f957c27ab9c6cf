//! The deadline watchdog: one process-wide thread that sleeps until the earliest armed
//! deadline and then trips the LIMITS bit of that interpreter's running thread (through its
//! GIL's last holder), so a run past its deadline stops at its next breaker check — or within
//! `WAIT_SLICE` when it is blocked — without the eval loop ever reading a clock.

use std::sync::{Arc, Condvar, LazyLock, Mutex};
use std::time::Instant;

use rupy_objects::breaker::Breaker;
use rupy_objects::gil::Gil;

struct Armed {
    token: u64,
    at: Instant,
    gil: Arc<Gil>,
}

struct State {
    armed: Vec<Armed>,
    next_token: u64,
    started: bool,
}

static WATCHDOG: LazyLock<(Mutex<State>, Condvar)> = LazyLock::new(|| {
    (
        Mutex::new(State {
            armed: Vec::new(),
            next_token: 1,
            started: false,
        }),
        Condvar::new(),
    )
});

fn state() -> std::sync::MutexGuard<'static, State> {
    WATCHDOG.0.lock().unwrap_or_else(|e| e.into_inner())
}

/// Trip the breaker of whoever runs the interpreter behind `gil` at `at`; `disarm` with the
/// returned token when the run ends first.
pub fn arm(at: Instant, gil: Arc<Gil>) -> u64 {
    let mut st = state();
    let token = st.next_token;
    st.next_token += 1;
    st.armed.push(Armed { token, at, gil });
    if !st.started {
        st.started = std::thread::Builder::new()
            .name("rupy-watchdog".into())
            .spawn(run)
            .is_ok();
    }
    drop(st);
    WATCHDOG.1.notify_one();
    token
}

pub fn disarm(token: u64) {
    state().armed.retain(|a| a.token != token);
}

fn run() {
    let mut st = state();
    loop {
        let now = Instant::now();
        let (due, later): (Vec<Armed>, Vec<Armed>) = std::mem::take(&mut st.armed)
            .into_iter()
            .partition(|a| a.at <= now);
        st.armed = later;
        for a in due {
            a.gil.signal_holder(Breaker::LIMITS);
        }
        st = match st.armed.iter().map(|a| a.at).min() {
            Some(next) => {
                WATCHDOG
                    .1
                    .wait_timeout(st, next.saturating_duration_since(now))
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
            None => WATCHDOG.1.wait(st).unwrap_or_else(|e| e.into_inner()),
        };
    }
}
