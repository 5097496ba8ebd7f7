//! `derived_zones`: supply and demand zones of a HIGHER timeframe. The detector is `zones`
//! (same params, outputs and definitions) fed with the higher-timeframe bars; it is a separate
//! registry entry so Plays can declare it with its own timeframe. The values reach the exec
//! timeframe through `projectToExec` (src/domain/project-to-exec.ts): an exec bar sees the values
//! of the last higher-TF bar whose close is at or before the exec bar's close (forward fill), so a
//! zone appears only after the higher-TF pivot's confirming bar has closed.
use crate::bar::Source;
use crate::indicators::spec::{IndicatorSpec, Inputs};
use crate::structures::zones::{Zones, OUTPUTS, PARAMS, WARMUP};

pub const SPEC: IndicatorSpec = IndicatorSpec {
    name: "derived_zones",
    title: "Higher-Timeframe Supply and Demand Zones",
    family: "structure",
    params: PARAMS,
    outputs: OUTPUTS,
    inputs: Inputs::Fixed(&["open", "high", "low", "close"]),
    convention: "original",
    warmup: WARMUP,
    make: |p, _s: Source| Ok(Box::new(Zones::new("derived_zones", p)?)),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::testutil::walk;
    use crate::structures::testutil::run;
    use crate::structures::zones::Zones;

    #[test]
    fn same_values_as_zones_and_own_name_in_errors() {
        let bars = walk(1500, 71);
        let defaults: Vec<f64> = PARAMS.iter().map(|p| p.default).collect();
        let mut a = (SPEC.make)(&defaults, Source::Close).unwrap();
        let mut b = Zones::new("zones", &defaults).unwrap();
        let (ra, rb) = (run(a.as_mut(), &bars), run(&mut b, &bars));
        for (x, y) in ra.iter().zip(rb.iter()) {
            for (u, v) in x.iter().zip(y.iter()) {
                assert_eq!(u.to_bits(), v.to_bits());
            }
        }
        let e = (SPEC.make)(&[1.0], Source::Close).err().unwrap();
        assert_eq!(e.message, "derived_zones takes 6 params, got 1");
    }
}
