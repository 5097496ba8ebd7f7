//! The indicator registry: every indicator's spec, looked up by name, and exported as JSON for
//! TypeScript (the Play schema and the CLI are derived from it). Add a family's specs to `ALL`.
use crate::bar::{Source, SOURCE_NAMES};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::indicators::spec::{IndicatorSpec, Inputs, ParamKind};
use crate::indicators::{
    ad, adx, ao, aroon, atr, bbands, cci, cmf, cmo, dema, donchian, ema, hma, ichimoku, kama, keltner, linreg, macd, mfi, mom, obv, ppo, psar, roc, rsi,
    sma, stddev, stoch, stochrsi, supertrend, tema, trima, trix, true_range, ultosc, vortex, vwap, vwma, willr, wma, zlema, zscore, Indicator,
};
use crate::json::{push_num, push_str};

pub const ALL: &[&IndicatorSpec] = &[
    &sma::SPEC,
    &ema::SPEC,
    &rsi::SPEC,
    &stoch::SPEC,
    &stochrsi::SPEC,
    &macd::SPEC,
    &cci::SPEC,
    &willr::SPEC,
    &roc::SPEC,
    &mom::SPEC,
    &cmo::SPEC,
    &ppo::SPEC,
    &trix::SPEC,
    &ultosc::SPEC,
    &ao::SPEC,
    &wma::SPEC,
    &dema::SPEC,
    &tema::SPEC,
    &trima::SPEC,
    &hma::SPEC,
    &kama::SPEC,
    &zlema::SPEC,
    &vwma::SPEC,
    &vwap::SPEC,
    &true_range::SPEC,
    &atr::ATR_SPEC,
    &atr::NATR_SPEC,
    &bbands::SPEC,
    &keltner::SPEC,
    &donchian::SPEC,
    &stddev::SPEC,
    &zscore::SPEC,
    &obv::SPEC,
    &mfi::SPEC,
    &ad::AD_SPEC,
    &ad::ADOSC_SPEC,
    &cmf::SPEC,
    &adx::SPEC,
    &aroon::SPEC,
    &psar::SPEC,
    &supertrend::SPEC,
    &ichimoku::SPEC,
    &vortex::SPEC,
    &linreg::SPEC,
];

pub fn find(name: &str) -> Option<&'static IndicatorSpec> {
    ALL.iter().copied().find(|s| s.name == name)
}

/// Builds an indicator by name; `source` overrides the default input for single-source indicators.
pub fn create(name: &str, params: &[f64], source: Option<Source>) -> CoreResult<Box<dyn Indicator>> {
    let spec = find(name).ok_or_else(|| {
        let names: Vec<&str> = ALL.iter().map(|s| s.name).collect();
        CoreError::new(ErrorCode::UnknownIndicator, format!("unknown indicator '{}' (expected one of {})", name, names.join(", ")))
    })?;
    let src = match (spec.inputs, source) {
        (Inputs::Source(_), Some(s)) => s,
        (Inputs::Source(d), None) => d,
        (Inputs::Fixed(_), _) => Source::Close,
    };
    (spec.make)(params, src)
}

/// The whole registry as one JSON array (stable order = `ALL`).
pub fn to_json() -> String {
    specs_to_json(ALL)
}

/// Any list of specs as one JSON array; the structure registry uses the same shape.
pub fn specs_to_json(specs: &[&IndicatorSpec]) -> String {
    let mut o = String::with_capacity(16 * 1024);
    o.push('[');
    for (i, s) in specs.iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str("{\"name\":");
        push_str(&mut o, s.name);
        o.push_str(",\"title\":");
        push_str(&mut o, s.title);
        o.push_str(",\"family\":");
        push_str(&mut o, s.family);
        o.push_str(",\"convention\":");
        push_str(&mut o, s.convention);
        o.push_str(",\"warmup\":");
        push_str(&mut o, s.warmup);
        o.push_str(",\"unstable\":");
        push_str(&mut o, unstable_period(s.name));
        o.push_str(",\"params\":[");
        for (j, p) in s.params.iter().enumerate() {
            if j > 0 {
                o.push(',');
            }
            o.push_str("{\"name\":");
            push_str(&mut o, p.name);
            o.push_str(",\"kind\":");
            push_str(&mut o, if p.kind == ParamKind::Int { "int" } else { "float" });
            o.push_str(",\"min\":");
            push_num(&mut o, p.min);
            o.push_str(",\"max\":");
            push_num(&mut o, p.max);
            o.push_str(",\"default\":");
            push_num(&mut o, p.default);
            o.push_str(",\"doc\":");
            push_str(&mut o, p.doc);
            o.push('}');
        }
        o.push_str("],\"outputs\":[");
        for (j, out) in s.outputs.iter().enumerate() {
            if j > 0 {
                o.push(',');
            }
            push_str(&mut o, out);
        }
        o.push_str("],\"inputs\":");
        match s.inputs {
            Inputs::Source(d) => {
                o.push_str("{\"kind\":\"source\",\"default\":");
                push_str(&mut o, SOURCE_NAMES[d as usize]);
                o.push('}');
            }
            Inputs::Fixed(fields) => {
                o.push_str("{\"kind\":\"fixed\",\"fields\":[");
                for (j, f) in fields.iter().enumerate() {
                    if j > 0 {
                        o.push(',');
                    }
                    push_str(&mut o, f);
                }
                o.push_str("]}");
            }
        }
        o.push('}');
    }
    o.push(']');
    o
}

/// Extra bars a recursive indicator runs before its values are used, on top of its first valid
/// index, so that its seed no longer matters: about 3.5 × (length + 1) for an EMA-type smoothing
/// (alpha = 2 / (length + 1): the seed's weight is e^-7 < 0.1% after them) and 7 × length for a
/// Wilder smoothing (alpha = 1 / length), per smoothing stage. "0" for indicators over a finite
/// window (their values depend on that window only). A formula over the param names.
pub fn unstable_period(name: &str) -> &'static str {
    match name {
        "ema" | "zlema" => "3.5 * (length + 1)",
        "dema" => "7 * (length + 1)",
        "tema" | "trix" => "10.5 * (length + 1)",
        "macd" => "3.5 * (max(fast, slow) + 1) + 3.5 * (signal + 1)",
        "ppo" => "3.5 * (max(fast, slow) + 1)",
        "kama" => "3.5 * (slow + 1)",
        "rsi" | "atr" | "natr" | "cmo" | "supertrend" | "keltner" => "7 * length",
        "adx" => "14 * length",
        "stochrsi" => "7 * rsi_length",
        _ => "0",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_unique_and_defaults_valid() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert_ne!(a.name, b.name);
            }
            let defaults: Vec<f64> = a.params.iter().map(|p| p.default).collect();
            let ind = create(a.name, &defaults, None).unwrap();
            assert_eq!(ind.n_outputs(), a.outputs.len(), "{}", a.name);
        }
    }

    #[test]
    fn unknown_name_lists_valid_ones() {
        let e = create("emaa", &[], None).err().unwrap();
        assert_eq!(e.code, ErrorCode::UnknownIndicator);
        assert!(e.message.contains("ema"));
    }

    #[test]
    fn json_is_an_array_of_specs() {
        let j = to_json();
        assert!(j.starts_with("[{\"name\":\"sma\""));
        assert!(j.contains("\"outputs\":[\"value\"]"));
    }
}
