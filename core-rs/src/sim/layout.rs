//! The ABI layout of the sim as JSON (`sim_layout_json`): record sizes, state field names, and the
//! reason / fill-reason / trigger-source codes, so the TypeScript decoder checks itself against
//! the core instead of drifting from it.
use crate::json::{push_num, push_str};
use crate::sim::config::{CONFIG_HEAD, TIER_FIELDS};
use crate::sim::events::{EVENT_STRIDE, REASONS};
use crate::sim::orders::ORDER_FIELDS;
use crate::sim::signal_rules::{RUN_FIELDS, RUN_LEN, SIG_EXEC_CLOSE, SIG_SIDE_SHIFT};
use crate::sim::snapshot::{STATE_FIELDS, STATE_LEN};

pub const FILL_REASONS: &[&str] = &["entry", "exit", "take_profit", "stop_loss", "trailing", "liquidation"];
pub const TRIGGER_SOURCES: &[&str] = &["stop", "take_profit", "stop_loss", "trailing"];
pub const EVENT_KINDS: &[&str] = &["fill", "rejected", "funding", "liquidation", "triggered", "cancelled", "trade_closed"];

fn push_names(o: &mut String, key: &str, names: &[&str]) {
    o.push_str(",\"");
    o.push_str(key);
    o.push_str("\":[");
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        push_str(o, n);
    }
    o.push(']');
}

pub fn to_json() -> String {
    let mut o = String::from("{");
    for (i, (k, v)) in
        [("eventStride", EVENT_STRIDE), ("stateLen", STATE_LEN), ("orderFields", ORDER_FIELDS), ("configHead", CONFIG_HEAD), ("tierFields", TIER_FIELDS), ("runLen", RUN_LEN), ("signalSideShift", SIG_SIDE_SHIFT as usize), ("signalExecClose", SIG_EXEC_CLOSE as usize)].iter().enumerate()
    {
        if i > 0 {
            o.push(',');
        }
        push_str(&mut o, k);
        o.push(':');
        push_num(&mut o, *v as f64);
    }
    push_names(&mut o, "stateFields", STATE_FIELDS);
    push_names(&mut o, "runFields", RUN_FIELDS);
    push_names(&mut o, "eventKinds", EVENT_KINDS);
    push_names(&mut o, "fillReasons", FILL_REASONS);
    push_names(&mut o, "triggerSources", TRIGGER_SOURCES);
    o.push_str(",\"reasons\":[");
    for (i, (r, name, code, doc)) in REASONS.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"id\":");
        push_num(&mut o, *r as u8 as f64);
        o.push_str(",\"name\":");
        push_str(&mut o, name);
        o.push_str(",\"retCode\":");
        push_num(&mut o, *code as f64);
        o.push_str(",\"doc\":");
        push_str(&mut o, doc);
        o.push('}');
    }
    o.push_str("]}");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::events::{FillReason, TriggerSource, KIND_TRADE_CLOSED};

    #[test]
    fn names_follow_the_codes() {
        assert_eq!(FILL_REASONS[FillReason::Liquidation as usize - 1], "liquidation");
        assert_eq!(TRIGGER_SOURCES[TriggerSource::Trailing as usize - 1], "trailing");
        assert_eq!(EVENT_KINDS[KIND_TRADE_CLOSED as usize - 1], "trade_closed");
        let j = to_json();
        assert!(j.starts_with("{\"eventStride\":16,\"stateLen\":26,\"orderFields\":11,\"configHead\":11,\"tierFields\":4,\"runLen\":40,\"signalSideShift\":6,\"signalExecClose\":262144,\"stateFields\":[\"positionSide\","));
        assert!(j.contains("{\"id\":4,\"name\":\"NOTIONAL_BELOW_MIN\",\"retCode\":110094,"));
    }
}
