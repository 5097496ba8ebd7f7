//! Error codes of the core: the single source of truth. `scripts/gen-error-codes.ts` reads
//! `ERROR_CODES` through the ABI and writes `src/core/error-codes.gen.ts`; a test fails on drift.

#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    Ok = 0,
    UnknownIndicator = 1,
    InvalidParam = 2,
    ParamCount = 3,
    BadHandle = 4,
    BadSource = 5,
    BadLength = 6,
    BadUtf8 = 7,
    UnknownStructure = 8,
    BadRow = 9,
    SimInvalidOrder = 20,
    SimInvalidState = 21,
    SimLedgerInvariant = 22,
}

/// (code, SCREAMING_SNAKE name, one-line meaning). Keep in the order of the enum.
pub const ERROR_CODES: &[(u32, &str, &str)] = &[
    (0, "OK", "success"),
    (1, "UNKNOWN_INDICATOR", "no indicator with that name in the registry"),
    (2, "INVALID_PARAM", "a parameter is outside its declared range"),
    (3, "PARAM_COUNT", "wrong number of parameters for the indicator"),
    (4, "BAD_HANDLE", "the handle does not refer to a live object"),
    (5, "BAD_SOURCE", "the input source code is not one of open..ohlc4"),
    (6, "BAD_LENGTH", "a buffer length does not match what the call needs"),
    (7, "BAD_UTF8", "a name passed to the core is not valid UTF-8"),
    (8, "UNKNOWN_STRUCTURE", "no structure detector with that name"),
    (9, "BAD_ROW", "an input row is off the minute or not after the previous one"),
    (20, "SIM_INVALID_ORDER", "the simulator was given an order it cannot represent"),
    (21, "SIM_INVALID_STATE", "the simulator call is not valid in the current state"),
    (22, "SIM_LEDGER_INVARIANT", "a ledger invariant was violated (a bug)"),
];

/// An error with its code and a one-line message naming the value and what was expected.
#[derive(Clone, Debug, PartialEq)]
pub struct CoreError {
    pub code: ErrorCode,
    pub message: String,
}

impl CoreError {
    pub fn new(code: ErrorCode, message: String) -> CoreError {
        CoreError { code, message }
    }
}

pub type CoreResult<T> = Result<T, CoreError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_enum() {
        let all = [
            ErrorCode::Ok,
            ErrorCode::UnknownIndicator,
            ErrorCode::InvalidParam,
            ErrorCode::ParamCount,
            ErrorCode::BadHandle,
            ErrorCode::BadSource,
            ErrorCode::BadLength,
            ErrorCode::BadUtf8,
            ErrorCode::UnknownStructure,
            ErrorCode::BadRow,
            ErrorCode::SimInvalidOrder,
            ErrorCode::SimInvalidState,
            ErrorCode::SimLedgerInvariant,
        ];
        assert_eq!(all.len(), ERROR_CODES.len());
        for (e, row) in all.iter().zip(ERROR_CODES.iter()) {
            assert_eq!(*e as u32, row.0);
        }
    }
}
