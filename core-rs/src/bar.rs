//! One OHLCV bar as the indicators see it, and the input sources a Play may select.
//! Prices and volume are f64; `ts_ms` is the candle open time in UTC milliseconds (exact in f64).

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bar {
    pub ts_ms: f64,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
    pub volume: f64,
}

/// Input source of a single-series indicator. The numeric values are the ABI encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Open = 0,
    High = 1,
    Low = 2,
    Close = 3,
    Volume = 4,
    Hl2 = 5,
    Hlc3 = 6,
    Ohlc4 = 7,
}

pub const SOURCE_NAMES: [&str; 8] = ["open", "high", "low", "close", "volume", "hl2", "hlc3", "ohlc4"];

impl Source {
    pub fn from_u32(v: u32) -> Option<Source> {
        match v {
            0 => Some(Source::Open),
            1 => Some(Source::High),
            2 => Some(Source::Low),
            3 => Some(Source::Close),
            4 => Some(Source::Volume),
            5 => Some(Source::Hl2),
            6 => Some(Source::Hlc3),
            7 => Some(Source::Ohlc4),
            _ => None,
        }
    }

    #[inline(always)]
    pub fn pick(self, b: &Bar) -> f64 {
        match self {
            Source::Open => b.open,
            Source::High => b.high,
            Source::Low => b.low,
            Source::Close => b.close,
            Source::Volume => b.volume,
            Source::Hl2 => (b.high + b.low) / 2.0,
            Source::Hlc3 => (b.high + b.low + b.close) / 3.0,
            Source::Ohlc4 => (b.open + b.high + b.low + b.close) / 4.0,
        }
    }
}
