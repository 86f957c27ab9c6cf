//! The backtracking matcher that runs the code lists `re._compiler` produces (MAGIC 20230612,
//! CPython 3.13's layout). The subject is a slice of code points (`u32`; bytes subjects are
//! widened), so one engine serves `str` and `bytes`.
//!
//! Invariants: the matcher never recurses on the native stack. Alternatives still to try live
//! on an explicit choice stack; every write to a mark (or to `lastindex`) is logged on a trail
//! so that backtracking to a choice point restores exactly the marks it saw. What a `SUCCESS`
//! opcode returns to (an assertion, an atomic group, one iteration of a possessive repeat) and
//! the counters of open `REPEAT`s are persistent linked lists (`Rc`), so a choice point saves
//! them by cloning a pointer. Sub-matches that must not be re-entered (assertions, atomic
//! groups) push a barrier choice point and cut the stack back to it when they succeed.
//! Both stacks grow through `Host::grow` (the memory budget), and `Host::poll` runs every
//! `POLL_EVERY` steps so a catastrophic pattern stays interruptible.

use std::rc::Rc;

use rupy_interp::types::str::{is_alnum, is_decimal, is_py_space};

pub const MAGIC: u32 = 20230612;
pub const MAXREPEAT: u32 = u32::MAX;
pub const MAXGROUPS: u32 = i32::MAX as u32 / 2;
const POLL_EVERY: u32 = 4096;

mod op {
    pub(super) const FAILURE: u32 = 0;
    pub(super) const SUCCESS: u32 = 1;
    pub(super) const ANY: u32 = 2;
    pub(super) const ANY_ALL: u32 = 3;
    pub(super) const ASSERT: u32 = 4;
    pub(super) const ASSERT_NOT: u32 = 5;
    pub(super) const AT: u32 = 6;
    pub(super) const BRANCH: u32 = 7;
    pub(super) const CATEGORY: u32 = 8;
    pub(super) const CHARSET: u32 = 9;
    pub(super) const BIGCHARSET: u32 = 10;
    pub(super) const GROUPREF: u32 = 11;
    pub(super) const GROUPREF_EXISTS: u32 = 12;
    pub(super) const IN: u32 = 13;
    pub(super) const INFO: u32 = 14;
    pub(super) const JUMP: u32 = 15;
    pub(super) const LITERAL: u32 = 16;
    pub(super) const MARK: u32 = 17;
    pub(super) const MAX_UNTIL: u32 = 18;
    pub(super) const MIN_UNTIL: u32 = 19;
    pub(super) const NOT_LITERAL: u32 = 20;
    pub(super) const NEGATE: u32 = 21;
    pub(super) const RANGE: u32 = 22;
    pub(super) const REPEAT: u32 = 23;
    pub(super) const REPEAT_ONE: u32 = 24;
    pub(super) const MIN_REPEAT_ONE: u32 = 26;
    pub(super) const ATOMIC_GROUP: u32 = 27;
    pub(super) const POSSESSIVE_REPEAT: u32 = 28;
    pub(super) const POSSESSIVE_REPEAT_ONE: u32 = 29;
    pub(super) const GROUPREF_IGNORE: u32 = 30;
    pub(super) const IN_IGNORE: u32 = 31;
    pub(super) const LITERAL_IGNORE: u32 = 32;
    pub(super) const NOT_LITERAL_IGNORE: u32 = 33;
    pub(super) const GROUPREF_LOC_IGNORE: u32 = 34;
    pub(super) const IN_LOC_IGNORE: u32 = 35;
    pub(super) const LITERAL_LOC_IGNORE: u32 = 36;
    pub(super) const NOT_LITERAL_LOC_IGNORE: u32 = 37;
    pub(super) const GROUPREF_UNI_IGNORE: u32 = 38;
    pub(super) const IN_UNI_IGNORE: u32 = 39;
    pub(super) const LITERAL_UNI_IGNORE: u32 = 40;
    pub(super) const NOT_LITERAL_UNI_IGNORE: u32 = 41;
    pub(super) const RANGE_UNI_IGNORE: u32 = 42;
}

/// What the engine needs from its caller: interrupt checks and budgeted growth.
pub trait Host {
    type Err;
    fn poll(&mut self) -> Result<(), Self::Err>;
    fn grow<T>(&mut self, v: &mut Vec<T>, additional: usize) -> Result<(), Self::Err>;
    /// The error for a code list the engine cannot run.
    fn bad_code(&mut self) -> Self::Err;
}

// ---- character classes and case ----

pub fn ascii_lower(c: u32) -> u32 {
    if (b'A' as u32..=b'Z' as u32).contains(&c) {
        c + 32
    } else {
        c
    }
}
pub fn ascii_upper(c: u32) -> u32 {
    if (b'a' as u32..=b'z' as u32).contains(&c) {
        c - 32
    } else {
        c
    }
}

/// One-code-point lowercase, as CPython's `_PyUnicode_ToLowercase`: the simple mapping, or
/// for characters with a special (several code points) mapping its first code point
/// (`'\u{130}'` gives `'i'`).
pub fn uni_lower(c: u32) -> u32 {
    if c < 128 {
        return ascii_lower(c);
    }
    char::from_u32(c)
        .and_then(|ch| ch.to_lowercase().next())
        .map_or(c, |l| l as u32)
}

/// One-code-point uppercase, likewise (`'ß'` gives `'S'`, which makes `ß` cased as in
/// CPython).
pub fn uni_upper(c: u32) -> u32 {
    if c < 128 {
        return ascii_upper(c);
    }
    char::from_u32(c)
        .and_then(|ch| ch.to_uppercase().next())
        .map_or(c, |u| u as u32)
}

fn ascii_word(c: u32) -> bool {
    c < 128 && ((c as u8).is_ascii_alphanumeric() || c == b'_' as u32)
}
fn uni_word(c: u32) -> bool {
    c == b'_' as u32 || char::from_u32(c).is_some_and(is_alnum)
}
fn uni_linebreak(c: u32) -> bool {
    matches!(c, 0x0a..=0x0d | 0x1c..=0x1e | 0x85 | 0x2028 | 0x2029)
}

fn category(code: u32, c: u32) -> bool {
    let ascii_space = matches!(c, 0x09..=0x0d | 0x20);
    match code {
        0 => (b'0' as u32..=b'9' as u32).contains(&c),
        1 => !(b'0' as u32..=b'9' as u32).contains(&c),
        2 => ascii_space,
        3 => !ascii_space,
        4 | 8 => ascii_word(c),
        5 | 9 => !ascii_word(c),
        6 => c == 10,
        7 => c != 10,
        10 => char::from_u32(c).is_some_and(is_decimal),
        11 => !char::from_u32(c).is_some_and(is_decimal),
        12 => char::from_u32(c).is_some_and(is_py_space),
        13 => !char::from_u32(c).is_some_and(is_py_space),
        14 => uni_word(c),
        15 => !uni_word(c),
        16 => uni_linebreak(c),
        17 => !uni_linebreak(c),
        _ => false,
    }
}

// ---- state ----

/// What a `SUCCESS` opcode returns to.
enum Frame {
    Assert {
        negative: bool,
        barrier: usize,
        resume: usize,
        pos: usize,
    },
    Atomic {
        barrier: usize,
        resume: usize,
    },
    PossIter {
        barrier: usize,
        /// Position of the `POSSESSIVE_REPEAT` opcode.
        at: usize,
        count: u32,
        start: usize,
    },
}

struct Cont {
    frame: Frame,
    up: Option<Rc<Cont>>,
}

/// One open `REPEAT`: its opcode position, iterations done (-1 before the first) and where
/// the last iteration began (the zero-width guard).
struct Rep {
    at: usize,
    count: i64,
    last: Option<usize>,
    up: Option<Rc<Rep>>,
}

#[derive(Clone, Copy)]
enum Barrier {
    /// Body of a positive assertion or atomic group failed: fail on.
    Fail,
    /// Body of a negative assertion failed: the assertion holds.
    NegHolds { resume: usize, pos: usize },
    /// An iteration of a possessive repeat failed: leave the loop where it began.
    PossExit { at: usize, count: u32, start: usize },
}

enum Alt {
    /// Resume at `pc`, `pos`.
    Goto {
        pc: usize,
        pos: usize,
    },
    /// Try the BRANCH alternatives from the one whose skip word is at `at`, at `pos`.
    Branch {
        at: usize,
        pos: usize,
    },
    /// Greedy single-item repeat: `count` items taken from `start`; retry with one fewer.
    Greedy {
        next: usize,
        start: usize,
        count: usize,
        min: usize,
    },
    /// Lazy single-item repeat: `count` items taken from `start`; retry with one more.
    Lazy {
        item: usize,
        next: usize,
        start: usize,
        count: usize,
        max: usize,
    },
    Barrier(Barrier),
}

struct Choice {
    alt: Alt,
    trail: usize,
    cont: Option<Rc<Cont>>,
    rep: Option<Rc<Rep>>,
}

/// A successful match: the marks (`-1` unset) and `lastindex` (`-1` none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub marks: Vec<isize>,
    pub lastindex: isize,
}

const INFO_PREFIX: u32 = 1;
const INFO_CHARSET: u32 = 4;

/// Where a match may begin, from the INFO block.
enum First {
    Any,
    Literal(u32),
    /// The code range holding a literal prefix every match starts with.
    Prefix(usize, usize),
    /// The code position of a charset the first character must be in.
    Charset(usize),
}

struct Hint {
    min: usize,
    first: First,
}

/// How a run is anchored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Match,
    FullMatch,
    Search,
}

/// Everything one attempt needs; `begin`/`end` delimit the visible subject.
pub struct Matcher<'a, H: Host> {
    code: &'a [u32],
    s: &'a [u32],
    end: usize,
    host: &'a mut H,
    marks: Vec<isize>,
    lastindex: isize,
    /// (slot, old value); slot `usize::MAX` is `lastindex`.
    trail: Vec<(usize, isize)>,
    choices: Vec<Choice>,
    steps: u32,
    match_all: bool,
    /// With `must_advance`, the position where an empty match is refused.
    no_empty_at: Option<usize>,
    start: usize,
}

type R<T, H> = Result<T, <H as Host>::Err>;

/// Run `code` on `s[..end]` starting at `pos`. `must_advance` refuses an empty match at `pos`
/// (used after an empty match by finditer/sub/split).
pub fn run<H: Host>(
    host: &mut H,
    code: &[u32],
    s: &[u32],
    pos: usize,
    end: usize,
    mode: Mode,
    must_advance: bool,
) -> R<Option<(usize, usize, Found)>, H> {
    let end = end.min(s.len());
    if pos > end {
        return Ok(None);
    }
    let mut m = Matcher {
        code,
        s,
        end,
        host,
        marks: Vec::new(),
        lastindex: -1,
        trail: Vec::new(),
        choices: Vec::new(),
        steps: 0,
        match_all: mode == Mode::FullMatch,
        no_empty_at: must_advance.then_some(pos),
        start: pos,
    };
    // A literal prefix in INFO lets search skip hopeless positions quickly.
    let hint = m.start_hint();
    let mut at = pos;
    loop {
        // No match can start where fewer characters than the pattern's minimum width remain.
        if end - at < hint.min {
            return Ok(None);
        }
        let skip = mode == Mode::Search
            && match &hint.first {
                First::Any => false,
                First::Literal(c) => at < end && s[at] != *c,
                First::Prefix(a, b) => !s[at..end].starts_with(&code[*a..*b]),
                First::Charset(pc) => at >= end || !m.charset(*pc, s[at])?,
            };
        if !skip {
            m.start = at;
            m.marks.clear();
            m.lastindex = -1;
            m.trail.clear();
            m.choices.clear();
            if let Some(e) = m.attempt(at)? {
                let found = Found {
                    marks: std::mem::take(&mut m.marks),
                    lastindex: m.lastindex,
                };
                return Ok(Some((at, e, found)));
            }
        }
        if mode != Mode::Search || at >= end {
            return Ok(None);
        }
        at += 1;
        m.tick()?;
    }
}

impl<H: Host> Matcher<'_, H> {
    fn tick(&mut self) -> R<(), H> {
        self.steps += 1;
        if self.steps >= POLL_EVERY {
            self.steps = 0;
            self.host.poll()?;
        }
        Ok(())
    }

    fn c(&mut self, i: usize) -> R<u32, H> {
        match self.code.get(i) {
            Some(&v) => Ok(v),
            None => Err(self.host.bad_code()),
        }
    }

    /// What the INFO block (and a leading LITERAL) tell about where a match can start.
    fn start_hint(&self) -> Hint {
        let c = self.code;
        let mut hint = Hint {
            min: 0,
            first: First::Any,
        };
        let mut pc = 0;
        if c.first() == Some(&op::INFO) && c.len() > 4 {
            let skip = c[1] as usize;
            let flags = c[2];
            hint.min = c[3] as usize;
            pc = 1 + skip;
            if flags & INFO_PREFIX != 0 && c.len() > 7 {
                let len = c[5] as usize;
                if 7 + len <= c.len() && len > 0 {
                    hint.first = First::Prefix(7, 7 + len);
                }
            } else if flags & INFO_CHARSET != 0 {
                hint.first = First::Charset(5);
            }
        }
        if matches!(hint.first, First::Any)
            && c.get(pc) == Some(&op::LITERAL)
            && let Some(&l) = c.get(pc + 1)
        {
            hint.first = First::Literal(l);
        }
        hint
    }

    fn set_mark(&mut self, slot: usize, v: isize) -> R<(), H> {
        if slot >= self.marks.len() {
            let add = slot + 1 - self.marks.len();
            self.host.grow(&mut self.marks, add)?;
            self.marks.resize(slot + 1, -1);
        }
        self.host.grow(&mut self.trail, 1)?;
        self.trail.push((slot, self.marks[slot]));
        self.marks[slot] = v;
        Ok(())
    }

    fn set_lastindex(&mut self, v: isize) -> R<(), H> {
        self.host.grow(&mut self.trail, 1)?;
        self.trail.push((usize::MAX, self.lastindex));
        self.lastindex = v;
        Ok(())
    }

    fn undo(&mut self, to: usize) {
        while self.trail.len() > to {
            let Some((slot, old)) = self.trail.pop() else {
                break;
            };
            if slot == usize::MAX {
                self.lastindex = old;
            } else if let Some(m) = self.marks.get_mut(slot) {
                *m = old;
            }
        }
    }

    fn push(&mut self, alt: Alt, cont: &Option<Rc<Cont>>, rep: &Option<Rc<Rep>>) -> R<(), H> {
        self.host.grow(&mut self.choices, 1)?;
        self.choices.push(Choice {
            alt,
            trail: self.trail.len(),
            cont: cont.clone(),
            rep: rep.clone(),
        });
        Ok(())
    }

    fn mark(&self, slot: usize) -> isize {
        self.marks.get(slot).copied().unwrap_or(-1)
    }

    fn group_span(&self, g: usize) -> Option<(usize, usize)> {
        let (a, b) = (self.mark(2 * g), self.mark(2 * g + 1));
        (a >= 0 && b >= a).then_some((a as usize, b as usize))
    }

    /// Does the one-character item at `pc` (a LITERAL/IN/ANY... opcode) accept `ch`?
    fn item(&mut self, pc: usize, ch: u32) -> R<bool, H> {
        let o = self.c(pc)?;
        Ok(match o {
            op::ANY => ch != 10,
            op::ANY_ALL => true,
            op::LITERAL => ch == self.c(pc + 1)?,
            op::NOT_LITERAL => ch != self.c(pc + 1)?,
            op::LITERAL_IGNORE => ascii_lower(ch) == self.c(pc + 1)?,
            op::NOT_LITERAL_IGNORE => ascii_lower(ch) != self.c(pc + 1)?,
            op::LITERAL_UNI_IGNORE => uni_lower(ch) == self.c(pc + 1)?,
            op::NOT_LITERAL_UNI_IGNORE => uni_lower(ch) != self.c(pc + 1)?,
            op::LITERAL_LOC_IGNORE | op::NOT_LITERAL_LOC_IGNORE => {
                let l = self.c(pc + 1)?;
                let eq = ch == l || ascii_lower(ch) == l || ascii_upper(ch) == l;
                eq == (o == op::LITERAL_LOC_IGNORE)
            }
            op::IN => self.charset(pc + 2, ch)?,
            op::IN_IGNORE => self.charset(pc + 2, ascii_lower(ch))?,
            op::IN_UNI_IGNORE => self.charset(pc + 2, uni_lower(ch))?,
            op::IN_LOC_IGNORE => {
                self.charset(pc + 2, ch)?
                    || self.charset(pc + 2, ascii_lower(ch))?
                    || self.charset(pc + 2, ascii_upper(ch))?
            }
            op::CATEGORY => category(self.c(pc + 1)?, ch),
            _ => return Err(self.host.bad_code()),
        })
    }

    /// Length of a one-character item's code, so the next opcode can be found.
    fn item_len(&mut self, pc: usize) -> R<usize, H> {
        Ok(match self.c(pc)? {
            op::ANY | op::ANY_ALL => 1,
            op::IN | op::IN_IGNORE | op::IN_UNI_IGNORE | op::IN_LOC_IGNORE => {
                1 + self.c(pc + 1)? as usize
            }
            _ => 2,
        })
    }

    fn charset(&mut self, mut pc: usize, ch: u32) -> R<bool, H> {
        let mut ok = true;
        loop {
            match self.c(pc)? {
                op::FAILURE => return Ok(!ok),
                op::NEGATE => {
                    ok = !ok;
                    pc += 1;
                }
                op::LITERAL => {
                    if ch == self.c(pc + 1)? {
                        return Ok(ok);
                    }
                    pc += 2;
                }
                op::CATEGORY => {
                    if category(self.c(pc + 1)?, ch) {
                        return Ok(ok);
                    }
                    pc += 2;
                }
                op::RANGE => {
                    if (self.c(pc + 1)?..=self.c(pc + 2)?).contains(&ch) {
                        return Ok(ok);
                    }
                    pc += 3;
                }
                op::RANGE_UNI_IGNORE => {
                    let r = self.c(pc + 1)?..=self.c(pc + 2)?;
                    if r.contains(&ch) || r.contains(&uni_upper(ch)) {
                        return Ok(ok);
                    }
                    pc += 3;
                }
                op::CHARSET => {
                    if ch < 256 && (self.c(pc + 1 + (ch as usize >> 5))? >> (ch & 31)) & 1 != 0 {
                        return Ok(ok);
                    }
                    pc += 9;
                }
                op::BIGCHARSET => {
                    let n = self.c(pc + 1)? as usize;
                    let table = pc + 2;
                    if ch < 65536 {
                        let hi = (ch >> 8) as usize;
                        let block = (self.c(table + hi / 4)? >> ((hi % 4) * 8)) & 0xff;
                        let lo = ch & 255;
                        let w = self.c(table + 64 + block as usize * 8 + (lo as usize >> 5))?;
                        if (w >> (lo & 31)) & 1 != 0 {
                            return Ok(ok);
                        }
                    }
                    pc = table + 64 + n * 8;
                }
                _ => return Err(self.host.bad_code()),
            }
        }
    }

    /// How many times (up to `max`) the item at `item` matches from `pos` on.
    fn count(&mut self, item: usize, pos: usize, max: usize) -> R<usize, H> {
        let lim = self.end.min(pos.saturating_add(max));
        let mut p = pos;
        while p < lim {
            if !self.item(item, self.s[p])? {
                break;
            }
            p += 1;
            self.tick()?;
        }
        Ok(p - pos)
    }

    fn at(&mut self, code: u32, p: usize) -> bool {
        let s = self.s;
        let end = self.end;
        let word_at = |w: fn(u32) -> bool| -> (bool, bool) {
            let before = p > 0 && w(s[p - 1]);
            let here = p < end && w(s[p]);
            (before, here)
        };
        match code {
            0 | 2 => p == 0,
            1 => p == 0 || s[p - 1] == 10,
            5 => p == end || (p + 1 == end && s[p] == 10),
            6 => p == end || s[p] == 10,
            7 => p == end,
            3 | 8 | 4 | 9 => {
                if end == 0 {
                    return false;
                }
                let (b, h) = word_at(ascii_word);
                (b != h) == (code == 3 || code == 8)
            }
            10 | 11 => {
                if end == 0 {
                    return false;
                }
                let (b, h) = word_at(uni_word);
                (b != h) == (code == 10)
            }
            _ => false,
        }
    }

    /// Pop choice points until one resumes; returns the (pc, pos) to go on from, or `None`
    /// when nothing is left to try.
    fn backtrack(
        &mut self,
        cont: &mut Option<Rc<Cont>>,
        rep: &mut Option<Rc<Rep>>,
    ) -> R<Option<(usize, usize)>, H> {
        while let Some(ch) = self.choices.pop() {
            self.undo(ch.trail);
            *cont = ch.cont.clone();
            *rep = ch.rep.clone();
            match ch.alt {
                Alt::Goto { pc, pos } => return Ok(Some((pc, pos))),
                Alt::Branch { at, pos } => {
                    if let Some(a) = self.next_alt(at, pos, &ch.cont, &ch.rep)? {
                        return Ok(Some((a, pos)));
                    }
                }
                Alt::Greedy {
                    next,
                    start,
                    count,
                    min,
                } => {
                    // Give back one item at a time; a literal next lets us skip positions
                    // where it cannot match.
                    let mut n = count;
                    let lit = match self.code.get(next) {
                        Some(&op::LITERAL) => self.code.get(next + 1).copied(),
                        _ => None,
                    };
                    while n > min {
                        n -= 1;
                        let p = start + n;
                        if let Some(l) = lit
                            && (p >= self.end || self.s[p] != l)
                        {
                            self.tick()?;
                            continue;
                        }
                        if n > min {
                            self.push(
                                Alt::Greedy {
                                    next,
                                    start,
                                    count: n,
                                    min,
                                },
                                &ch.cont,
                                &ch.rep,
                            )?;
                        }
                        return Ok(Some((next, p)));
                    }
                }
                Alt::Lazy {
                    item,
                    next,
                    start,
                    count,
                    max,
                } => {
                    let p = start + count;
                    if count < max && p < self.end && self.item(item, self.s[p])? {
                        self.push(
                            Alt::Lazy {
                                item,
                                next,
                                start,
                                count: count + 1,
                                max,
                            },
                            &ch.cont,
                            &ch.rep,
                        )?;
                        return Ok(Some((next, p + 1)));
                    }
                }
                Alt::Barrier(Barrier::Fail) => {}
                Alt::Barrier(Barrier::NegHolds { resume, pos }) => return Ok(Some((resume, pos))),
                Alt::Barrier(Barrier::PossExit { at, count, start }) => {
                    let min = self.c(at + 2)?;
                    if count >= min {
                        let skip = self.c(at + 1)? as usize;
                        return Ok(Some((at + 1 + skip + 1, start)));
                    }
                }
            }
            self.tick()?;
        }
        Ok(None)
    }

    /// One anchored attempt at `pos0`; returns the end of the match.
    fn attempt(&mut self, pos0: usize) -> R<Option<usize>, H> {
        let mut cont: Option<Rc<Cont>> = None;
        let mut rep: Option<Rc<Rep>> = None;
        let mut pc = 0usize;
        let mut pos = pos0;
        macro_rules! fail {
            () => {{
                match self.backtrack(&mut cont, &mut rep)? {
                    Some((p, q)) => {
                        pc = p;
                        pos = q;
                        continue;
                    }
                    None => return Ok(None),
                }
            }};
        }
        loop {
            self.tick()?;
            let o = self.c(pc)?;
            match o {
                op::FAILURE => fail!(),
                op::SUCCESS => {
                    let Some(top) = cont.clone() else {
                        if (self.match_all && pos != self.end)
                            || (pos == self.start && self.no_empty_at == Some(pos))
                        {
                            fail!();
                        }
                        return Ok(Some(pos));
                    };
                    cont = top.up.clone();
                    match top.frame {
                        Frame::Assert {
                            negative,
                            barrier,
                            resume,
                            pos: p,
                        } => {
                            self.choices.truncate(barrier);
                            if negative {
                                fail!();
                            }
                            pc = resume;
                            pos = p;
                        }
                        Frame::Atomic { barrier, resume } => {
                            self.choices.truncate(barrier);
                            pc = resume;
                        }
                        Frame::PossIter {
                            barrier,
                            at,
                            count,
                            start,
                        } => {
                            self.choices.truncate(barrier);
                            let count = count + 1;
                            let max = self.c(at + 3)?;
                            let skip = self.c(at + 1)? as usize;
                            if pos == start || (max != MAXREPEAT && count >= max) {
                                let min = self.c(at + 2)?;
                                if count < min && pos != start {
                                    fail!();
                                }
                                pc = at + 1 + skip + 1;
                            } else {
                                pc = self.poss_iter(at, count, pos, &mut cont, &rep)?;
                            }
                        }
                    }
                }
                op::ANY
                | op::ANY_ALL
                | op::LITERAL
                | op::NOT_LITERAL
                | op::LITERAL_IGNORE
                | op::NOT_LITERAL_IGNORE
                | op::LITERAL_UNI_IGNORE
                | op::NOT_LITERAL_UNI_IGNORE
                | op::LITERAL_LOC_IGNORE
                | op::NOT_LITERAL_LOC_IGNORE
                | op::IN
                | op::IN_IGNORE
                | op::IN_UNI_IGNORE
                | op::IN_LOC_IGNORE
                | op::CATEGORY => {
                    if pos >= self.end || !self.item(pc, self.s[pos])? {
                        fail!();
                    }
                    pos += 1;
                    pc += self.item_len(pc)?;
                }
                op::AT => {
                    let a = self.c(pc + 1)?;
                    if !self.at(a, pos) {
                        fail!();
                    }
                    pc += 2;
                }
                op::INFO => pc += 1 + self.c(pc + 1)? as usize,
                op::JUMP => pc += 1 + self.c(pc + 1)? as usize,
                op::MARK => {
                    let slot = self.c(pc + 1)? as usize;
                    self.set_mark(slot, pos as isize)?;
                    if slot & 1 == 1 {
                        self.set_lastindex((slot / 2 + 1) as isize)?;
                    }
                    pc += 2;
                }
                op::BRANCH => match self.next_alt(pc + 1, pos, &cont, &rep)? {
                    Some(a) => pc = a,
                    None => fail!(),
                },
                op::REPEAT_ONE | op::MIN_REPEAT_ONE | op::POSSESSIVE_REPEAT_ONE => {
                    let skip = self.c(pc + 1)? as usize;
                    let min = self.c(pc + 2)? as usize;
                    let max = self.c(pc + 3)?;
                    let max = if max == MAXREPEAT {
                        usize::MAX
                    } else {
                        max as usize
                    };
                    let item = pc + 4;
                    let next = pc + 1 + skip;
                    if o == op::MIN_REPEAT_ONE {
                        let n = self.count(item, pos, min)?;
                        if n < min {
                            fail!();
                        }
                        if min < max {
                            self.push(
                                Alt::Lazy {
                                    item,
                                    next,
                                    start: pos,
                                    count: n,
                                    max,
                                },
                                &cont,
                                &rep,
                            )?;
                        }
                        pos += n;
                    } else {
                        let n = self.count(item, pos, max)?;
                        if n < min {
                            fail!();
                        }
                        if o == op::REPEAT_ONE && n > min {
                            self.push(
                                Alt::Greedy {
                                    next,
                                    start: pos,
                                    count: n,
                                    min,
                                },
                                &cont,
                                &rep,
                            )?;
                        }
                        pos += n;
                    }
                    pc = next;
                }
                op::REPEAT => {
                    rep = Some(Rc::new(Rep {
                        at: pc,
                        count: -1,
                        last: None,
                        up: rep.take(),
                    }));
                    pc += 1 + self.c(pc + 1)? as usize;
                }
                op::MAX_UNTIL | op::MIN_UNTIL => {
                    let Some(r) = rep.clone() else {
                        return Err(self.host.bad_code());
                    };
                    let count = r.count + 1;
                    let min = self.c(r.at + 2)? as i64;
                    let max = self.c(r.at + 3)?;
                    let body = r.at + 4;
                    let below_max = max == MAXREPEAT || count < max as i64;
                    let again = |last| {
                        Some(Rc::new(Rep {
                            at: r.at,
                            count,
                            last,
                            up: r.up.clone(),
                        }))
                    };
                    let after = pc + 1;
                    if count < min {
                        rep = again(r.last);
                        pc = body;
                    } else if o == op::MAX_UNTIL {
                        if below_max && r.last != Some(pos) {
                            // Leaving the loop here is the fallback.
                            self.push(Alt::Goto { pc: after, pos }, &cont, &r.up)?;
                            rep = again(Some(pos));
                            pc = body;
                        } else {
                            rep = r.up.clone();
                            pc = after;
                        }
                    } else {
                        if below_max && r.last != Some(pos) {
                            let more = again(Some(pos));
                            self.push(Alt::Goto { pc: body, pos }, &cont, &more)?;
                        }
                        rep = r.up.clone();
                        pc = after;
                    }
                }
                op::GROUPREF
                | op::GROUPREF_IGNORE
                | op::GROUPREF_UNI_IGNORE
                | op::GROUPREF_LOC_IGNORE => {
                    let g = self.c(pc + 1)? as usize;
                    let Some((a, b)) = self.group_span(g) else {
                        fail!()
                    };
                    let len = b - a;
                    if pos + len > self.end {
                        fail!();
                    }
                    let fold: fn(u32) -> u32 = match o {
                        op::GROUPREF => |c| c,
                        op::GROUPREF_UNI_IGNORE => uni_lower,
                        _ => ascii_lower,
                    };
                    let same = (0..len).all(|i| fold(self.s[a + i]) == fold(self.s[pos + i]));
                    if !same {
                        fail!();
                    }
                    pos += len;
                    pc += 2;
                }
                op::GROUPREF_EXISTS => {
                    let g = self.c(pc + 1)? as usize;
                    if self.group_span(g).is_some() {
                        pc += 3;
                    } else {
                        pc += 1 + self.c(pc + 2)? as usize;
                    }
                }
                op::ASSERT | op::ASSERT_NOT => {
                    let skip = self.c(pc + 1)? as usize;
                    let back = self.c(pc + 2)? as usize;
                    let resume = pc + 1 + skip;
                    let negative = o == op::ASSERT_NOT;
                    if back > pos {
                        if negative {
                            pc = resume;
                            continue;
                        }
                        fail!();
                    }
                    let barrier = self.choices.len();
                    let b = if negative {
                        Barrier::NegHolds { resume, pos }
                    } else {
                        Barrier::Fail
                    };
                    self.push(Alt::Barrier(b), &cont, &rep)?;
                    cont = Some(Rc::new(Cont {
                        frame: Frame::Assert {
                            negative,
                            barrier,
                            resume,
                            pos,
                        },
                        up: cont.take(),
                    }));
                    pos -= back;
                    pc += 3;
                }
                op::ATOMIC_GROUP => {
                    let skip = self.c(pc + 1)? as usize;
                    let barrier = self.choices.len();
                    self.push(Alt::Barrier(Barrier::Fail), &cont, &rep)?;
                    cont = Some(Rc::new(Cont {
                        frame: Frame::Atomic {
                            barrier,
                            resume: pc + 1 + skip,
                        },
                        up: cont.take(),
                    }));
                    pc += 2;
                }
                op::POSSESSIVE_REPEAT => {
                    let max = self.c(pc + 3)?;
                    if max == 0 {
                        pc += 1 + self.c(pc + 1)? as usize + 1;
                    } else {
                        pc = self.poss_iter(pc, 0, pos, &mut cont, &rep)?;
                    }
                }
                _ => return Err(self.host.bad_code()),
            }
        }
    }

    /// The first alternative from the skip word at `at` that can start at `pos` (one opening
    /// with a LITERAL that differs from the next character cannot); the ones after it are
    /// left as one choice point, so a BRANCH costs no allocation.
    fn next_alt(
        &mut self,
        mut at: usize,
        pos: usize,
        cont: &Option<Rc<Cont>>,
        rep: &Option<Rc<Rep>>,
    ) -> R<Option<usize>, H> {
        loop {
            let skip = self.c(at)? as usize;
            if skip == 0 {
                return Ok(None);
            }
            let alt = at + 1;
            at += skip;
            if self.c(alt)? == op::LITERAL {
                let l = self.c(alt + 1)?;
                if pos >= self.end || self.s[pos] != l {
                    continue;
                }
            }
            if self.c(at)? != 0 {
                self.push(Alt::Branch { at, pos }, cont, rep)?;
            }
            return Ok(Some(alt));
        }
    }

    /// Begin one iteration of the possessive repeat at `at`, `count` iterations done.
    fn poss_iter(
        &mut self,
        at: usize,
        count: u32,
        pos: usize,
        cont: &mut Option<Rc<Cont>>,
        rep: &Option<Rc<Rep>>,
    ) -> R<usize, H> {
        let barrier = self.choices.len();
        self.push(
            Alt::Barrier(Barrier::PossExit {
                at,
                count,
                start: pos,
            }),
            cont,
            rep,
        )?;
        *cont = Some(Rc::new(Cont {
            frame: Frame::PossIter {
                barrier,
                at,
                count,
                start: pos,
            },
            up: cont.take(),
        }));
        Ok(at + 4)
    }
}

#[cfg(test)]
mod tests;
