//! Peephole pass: fuses frequent instruction pairs (and `x[const]`) into one dispatch. The
//! later instructions stay in place (jumps may target them) and the fused one skips them, so jump targets,
//! handler ranges and line numbers need no rewriting. A pair is fused only when both halves
//! share a line and an exception handler, so errors are reported exactly as before.

use std::sync::Arc;

use rupy_objects::code::{Code, Const, Instr};

/// Fuse pairs in `code` and, recursively, in the code objects among its constants.
pub(super) fn optimize(mut code: Arc<Code>) -> Arc<Code> {
    optimize_in_place(&mut code);
    code
}

/// Freshly compiled code is uniquely owned, so it can be edited in place.
fn optimize_in_place(code: &mut Arc<Code>) {
    if let Some(c) = Arc::get_mut(code) {
        for k in c.consts.iter_mut() {
            if let Const::Code(inner) = k {
                optimize_in_place(inner);
            }
        }
        fuse(c);
    }
}

fn fuse(code: &mut Code) {
    let orig = code.instrs.clone();
    for i in 0..orig.len().saturating_sub(1) {
        if code.lines.get(i) != code.lines.get(i + 1) {
            continue;
        }
        if code.handler_for(i as u32) != code.handler_for(i as u32 + 1) {
            continue;
        }
        let third = orig.get(i + 2).copied();
        // Fused forms carry 16-bit operands.
        let small = |x: u32| u16::try_from(x).ok();
        let triple = match (orig[i], orig[i + 1], third) {
            (Instr::LoadFast(a), Instr::LoadConst(c), Some(Instr::Subscr)) => small(a)
                .zip(small(c))
                .map(|(a, c)| Instr::LoadFastSubscrConst(a, c)),
            (Instr::LoadFast(a), Instr::LoadConst(c), Some(Instr::Binary(op))) => small(a)
                .zip(small(c))
                .map(|(a, c)| Instr::LoadFastBinaryConst(op, a, c)),
            (Instr::LoadConst(c), Instr::Binary(op), Some(Instr::StoreFast(x))) => small(c)
                .zip(small(x))
                .map(|(c, x)| Instr::LoadConstBinaryStoreFast(op, c, x)),
            (Instr::Swap(3), Instr::Swap(2), Some(Instr::StoreSubscr)) => {
                Some(Instr::StoreSubscrAug)
            }
            _ => None,
        };
        // A triple also needs its last two instructions to share a line and a handler;
        // otherwise the pair below may still fuse.
        if let Some(t) = triple
            && code.lines.get(i + 1) == code.lines.get(i + 2)
            && code.handler_for(i as u32 + 1) == code.handler_for(i as u32 + 2)
        {
            code.instrs[i] = t;
            continue;
        }
        let fused = match (orig[i], orig[i + 1]) {
            (Instr::Copy(2), Instr::Copy(2)) => Instr::DupTop2,
            (Instr::LoadFast(a), Instr::LoadFast(b)) => match (small(a), small(b)) {
                (Some(a), Some(b)) => Instr::LoadFastLoadFast(a, b),
                _ => continue,
            },
            (Instr::LoadFast(a), Instr::LoadConst(c)) => match (small(a), small(c)) {
                (Some(a), Some(c)) => Instr::LoadFastLoadConst(a, c),
                _ => continue,
            },
            (Instr::StoreFast(a), Instr::LoadFast(b)) => match (small(a), small(b)) {
                (Some(a), Some(b)) => Instr::StoreFastLoadFast(a, b),
                _ => continue,
            },
            (Instr::Compare(op), Instr::PopJumpIfFalse(t)) => Instr::CompareJumpIfFalse(op, t),
            (Instr::ForIter(t), Instr::StoreFast(x)) => match small(x) {
                Some(x) => Instr::ForIterStoreFast(t, x),
                _ => continue,
            },
            (Instr::LoadFast(a), Instr::Binary(op)) => match small(a) {
                Some(a) => Instr::LoadFastBinary(op, a),
                _ => continue,
            },
            (Instr::LoadConst(c), Instr::Binary(op)) => match small(c) {
                Some(c) => Instr::LoadConstBinary(op, c),
                _ => continue,
            },
            _ => continue,
        };
        code.instrs[i] = fused;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuses_pairs_and_keeps_the_second_instruction() {
        let src = "def f(a, b):\n    if a < b:\n        return a + 1\n    return b\n";
        let m = crate::parser::parse_module(src, "t.py").expect("parse");
        let code = crate::compile::compile_module(&m, src, "t.py").expect("compile");
        let f = code
            .consts
            .iter()
            .find_map(|c| {
                if let Const::Code(c) = c {
                    Some(c.clone())
                } else {
                    None
                }
            })
            .expect("f");
        assert_eq!(f.instrs[0], Instr::LoadFastLoadFast(0, 1));
        assert_eq!(f.instrs[1], Instr::LoadFast(1));
        assert!(matches!(f.instrs[2], Instr::CompareJumpIfFalse(_, _)));
        assert!(matches!(f.instrs[3], Instr::PopJumpIfFalse(_)));
        assert_eq!(
            f.instrs[4],
            Instr::LoadFastBinaryConst(rupy_objects::code::BinOp::Add, 0, 0)
        );
        let src = "def g(v):\n    return v[3]\n";
        let m = crate::parser::parse_module(src, "t.py").expect("parse");
        let code = crate::compile::compile_module(&m, src, "t.py").expect("compile");
        let g = code
            .consts
            .iter()
            .find_map(|c| {
                if let Const::Code(c) = c {
                    Some(c.clone())
                } else {
                    None
                }
            })
            .expect("g");
        assert!(matches!(g.instrs[0], Instr::LoadFastSubscrConst(0, _)));
        assert_eq!(g.instrs[2], Instr::Subscr);
    }

    #[test]
    fn fuses_loop_heads_and_operand_loads() {
        let src = "def f(n):\n    t = 0\n    for i in range(n):\n        t = (t * 3 + i) % 7\n    return t\n";
        let m = crate::parser::parse_module(src, "t.py").expect("parse");
        let code = crate::compile::compile_module(&m, src, "t.py").expect("compile");
        let f = code
            .consts
            .iter()
            .find_map(|c| {
                if let Const::Code(c) = c {
                    Some(c.clone())
                } else {
                    None
                }
            })
            .expect("f");
        let has = |p: &dyn Fn(&Instr) -> bool| f.instrs.iter().any(p);
        assert!(has(&|i| matches!(i, Instr::ForIterStoreFast(_, 2))));
        assert!(has(&|i| matches!(
            i,
            Instr::LoadFastBinary(rupy_objects::code::BinOp::Add, 2)
        )));
        assert!(has(&|i| matches!(
            i,
            Instr::LoadConstBinaryStoreFast(rupy_objects::code::BinOp::Mod, _, 1)
        )));
        // The unfused instructions stay in place for jumps that land on them.
        assert!(has(&|i| matches!(i, Instr::StoreFast(2))));
    }
}
