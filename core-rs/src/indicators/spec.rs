//! Registry metadata types: what TypeScript (and the Play schema) learn about each indicator.
use crate::bar::Source;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::indicators::Indicator;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    Int,
    Float,
}

#[derive(Clone, Copy, Debug)]
pub struct ParamSpec {
    pub name: &'static str,
    pub kind: ParamKind,
    pub min: f64,
    pub max: f64,
    pub default: f64,
    pub doc: &'static str,
}

/// Which bar fields an indicator reads: one selectable source, or a fixed set of fields.
#[derive(Clone, Copy, Debug)]
pub enum Inputs {
    Source(Source),
    Fixed(&'static [&'static str]),
}

pub type MakeFn = fn(&[f64], Source) -> CoreResult<Box<dyn Indicator>>;

#[derive(Clone, Copy)]
pub struct IndicatorSpec {
    /// Lower-case id used in Plays and on the CLI, e.g. "ema".
    pub name: &'static str,
    pub title: &'static str,
    pub family: &'static str,
    pub params: &'static [ParamSpec],
    pub outputs: &'static [&'static str],
    pub inputs: Inputs,
    /// "ta-lib", "tradingview" or "original": whose definition the values follow.
    pub convention: &'static str,
    /// Human-readable first-valid-index formula, e.g. "length - 1".
    pub warmup: &'static str,
    pub make: MakeFn,
}

pub const fn int_param(name: &'static str, min: f64, max: f64, default: f64, doc: &'static str) -> ParamSpec {
    ParamSpec { name, kind: ParamKind::Int, min, max, default, doc }
}

pub const fn float_param(name: &'static str, min: f64, max: f64, default: f64, doc: &'static str) -> ParamSpec {
    ParamSpec { name, kind: ParamKind::Float, min, max, default, doc }
}

/// Validates `values` against `specs`: count, range, integrality. The message names the
/// indicator, the param, the value and the allowed range.
pub fn check_params(indicator: &str, specs: &[ParamSpec], values: &[f64]) -> CoreResult<()> {
    if values.len() != specs.len() {
        return Err(CoreError::new(
            ErrorCode::ParamCount,
            format!("{} takes {} params, got {}", indicator, specs.len(), values.len()),
        ));
    }
    for (s, v) in specs.iter().zip(values.iter()) {
        let bad_int = s.kind == ParamKind::Int && v.fract() != 0.0;
        if !v.is_finite() || *v < s.min || *v > s.max || bad_int {
            let what = if s.kind == ParamKind::Int { "an integer" } else { "a number" };
            return Err(CoreError::new(
                ErrorCode::InvalidParam,
                format!("{}.{} must be {} in [{}, {}] (got {})", indicator, s.name, what, s.min, s.max, v),
            ));
        }
    }
    Ok(())
}
