//! Simulated Bybit USDT-perp exchange for backtests: one symbol, one-way mode, isolated margin,
//! filled along the intrabar path of 1m bars. The ledger is exact (e8 money, tick prices, step
//! quantities, see `units`). Fill model, fees, funding, margin, liquidation, rounding and the
//! intrabar modes are described in docs/simulator.md. Everything here is safe Rust; the C ABI
//! lives in `crate::abi`.
pub mod config;
pub mod events;
pub mod exchange;
pub mod fills;
pub mod funding;
pub mod layout;
pub mod ledger;
pub mod margin;
pub mod orders;
pub mod path;
pub mod protection;
pub mod signal_rules;
pub mod signal_run;
pub mod snapshot;
pub mod state;
pub mod submit;
pub mod triggers;
pub mod units;

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests_fills;
#[cfg(test)]
mod tests_ledger;
#[cfg(test)]
mod tests_modes;

pub use config::{IntrabarMode, SimConfig};
pub use events::{Event, Fill, FillReason, Reason, TradeRecord, EVENT_STRIDE};
pub use exchange::SimExchange;
pub use orders::{Direction, OrderKind, OrderRequest, Side};
pub use snapshot::STATE_LEN;
pub use submit::TpSlRequest;
