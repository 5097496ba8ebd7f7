//! The structure registry: every market-structure detector's spec (same `IndicatorSpec` shape and
//! JSON as the indicator registry, family "structure"), looked up by name. Kept apart from the
//! indicator registry so indicator names and structure names are separate namespaces; the ABI
//! exports it as `structure_registry_json` and creates detectors with `struct_create`.
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::indicators::registry::specs_to_json;
use crate::indicators::spec::IndicatorSpec;
use crate::indicators::Indicator;
use crate::structures::{derived_zones, fibonacci, market_structure, rolling_window, swing, trend, zones};
use crate::bar::Source;

pub const ALL: &[&IndicatorSpec] =
    &[&swing::SPEC, &trend::SPEC, &market_structure::SPEC, &zones::SPEC, &fibonacci::SPEC, &rolling_window::SPEC, &derived_zones::SPEC];

pub fn find(name: &str) -> Option<&'static IndicatorSpec> {
    ALL.iter().copied().find(|s| s.name == name)
}

/// Builds a detector by name; params are validated by the detector (count, range, integrality).
pub fn create(name: &str, params: &[f64]) -> CoreResult<Box<dyn Indicator>> {
    let spec = find(name).ok_or_else(|| {
        let names: Vec<&str> = ALL.iter().map(|s| s.name).collect();
        CoreError::new(ErrorCode::UnknownStructure, format!("unknown structure '{}' (expected one of {})", name, names.join(", ")))
    })?;
    (spec.make)(params, Source::Close)
}

pub fn to_json() -> String {
    specs_to_json(ALL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::spec::Inputs;

    #[test]
    fn names_unique_defaults_valid_and_outputs_match() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert_ne!(a.name, b.name);
            }
            assert!(crate::indicators::registry::find(a.name).is_none(), "{} clashes with an indicator", a.name);
            assert_eq!(a.family, "structure");
            assert!(matches!(a.inputs, Inputs::Fixed(_)));
            let defaults: Vec<f64> = a.params.iter().map(|p| p.default).collect();
            let ind = create(a.name, &defaults).unwrap();
            assert_eq!(ind.n_outputs(), a.outputs.len(), "{}", a.name);
        }
    }

    #[test]
    fn unknown_name_lists_valid_ones() {
        let e = create("swings", &[]).err().unwrap();
        assert_eq!(e.code, ErrorCode::UnknownStructure);
        assert_eq!(
            e.message,
            "unknown structure 'swings' (expected one of swing, trend, market_structure, zones, fibonacci, rolling_window, derived_zones)"
        );
    }

    #[test]
    fn json_has_every_structure() {
        let j = to_json();
        assert!(j.starts_with("[{\"name\":\"swing\",\"title\":\"Swing Pivots\",\"family\":\"structure\",\"convention\":\"original\""));
        assert!(j.contains("\"outputs\":[\"high\",\"high_bar\",\"high_age\",\"low\",\"low_bar\",\"low_age\"]"));
        assert!(j.contains("{\"name\":\"derived_zones\""));
        assert!(j.contains("\"inputs\":{\"kind\":\"fixed\",\"fields\":[\"open\",\"high\",\"low\",\"close\"]}"));
    }
}
