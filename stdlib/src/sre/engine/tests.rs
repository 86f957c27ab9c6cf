//! Engine tests against `testdata/cases.txt`: code lists compiled by CPython 3.13's
//! `re._compiler` with the spans and groups CPython's matcher found (see `gen_fixture.py`).

use super::*;

struct Free;
impl Host for Free {
    type Err = String;
    fn poll(&mut self) -> Result<(), String> {
        Ok(())
    }
    fn grow<T>(&mut self, v: &mut Vec<T>, n: usize) -> Result<(), String> {
        v.reserve(n);
        Ok(())
    }
    fn bad_code(&mut self) -> String {
        "bad code".into()
    }
}

/// Stops after a fixed number of polls, like a deadline would.
struct Limited(u32);
impl Host for Limited {
    type Err = String;
    fn poll(&mut self) -> Result<(), String> {
        self.0 = self.0.checked_sub(1).ok_or("interrupted")?;
        Ok(())
    }
    fn grow<T>(&mut self, v: &mut Vec<T>, n: usize) -> Result<(), String> {
        v.reserve(n);
        Ok(())
    }
    fn bad_code(&mut self) -> String {
        "bad code".into()
    }
}

fn nums(s: &str) -> Vec<u32> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(|x| x.parse().unwrap())
        .collect()
}

#[test]
fn cpython_fixture() {
    let data = include_str!("../testdata/cases.txt");
    let mut failures = Vec::new();
    for line in data.lines() {
        let f: Vec<&str> = line.splitn(6, '|').collect();
        let mode = match f[0] {
            "search" => Mode::Search,
            "match" => Mode::Match,
            _ => Mode::FullMatch,
        };
        let code = nums(f[1]);
        let subj = nums(f[2]);
        let groups: usize = f[3].parse().unwrap();
        let got = match run(&mut Free, &code, &subj, 0, subj.len(), mode, false) {
            Err(e) => e,
            Ok(None) => "none".to_string(),
            Ok(Some((a, b, found))) => {
                let marks: Vec<String> = (0..2 * groups)
                    .map(|i| {
                        let (s, e) = (found.marks.get(i & !1), found.marks.get(i | 1));
                        match (s, e) {
                            (Some(&s), Some(&e)) if s >= 0 && e >= s => {
                                (if i & 1 == 0 { s } else { e }).to_string()
                            }
                            _ => "-1".into(),
                        }
                    })
                    .collect();
                format!("{},{};{};{}", a, b, marks.join(","), found.lastindex)
            }
        };
        if got != f[4] {
            failures.push(format!(
                "{} {} on {:?}: want {} got {}",
                f[0], f[5], f[2], f[4], got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn catastrophic_pattern_is_interrupted() {
    // (a+)+$ on 'a'*30 + 'b', code from CPython 3.13.
    let code = [
        14, 4, 0, 1, 4294967295, 23, 14, 1, 4294967295, 17, 0, 24, 6, 1, 4294967295, 16, 97, 1, 17,
        1, 18, 6, 5, 1,
    ];
    let mut s = vec![97u32; 30];
    s.push(98);
    let r = run(&mut Limited(50), &code, &s, 0, s.len(), Mode::Search, false);
    assert_eq!(r, Err("interrupted".to_string()));
}

#[test]
fn long_subject_uses_no_native_recursion() {
    // (?:a|bc)* over a million characters: choice points per iteration, none on the stack.
    let code = [
        14, 4, 0, 0, 4294967295, 23, 17, 0, 4294967295, 7, 5, 16, 97, 15, 9, 7, 16, 98, 16, 99, 15,
        2, 0, 18, 1,
    ];
    let s: Vec<u32> = (0..1_000_000)
        .map(|i| if i % 2 == 0 { 98 } else { 99 })
        .collect();
    let r = run(&mut Free, &code, &s, 0, s.len(), Mode::Match, false).unwrap();
    assert_eq!(r.map(|x| (x.0, x.1)), Some((0, 1_000_000)));
}
