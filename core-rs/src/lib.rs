//! trade core: module list only. Every `extern "C"` export and every `unsafe` lives in `abi`.
pub mod abi;
pub mod bar;
pub mod error;
pub mod indicators;
pub mod json;
pub mod resample;
pub mod sim;
pub mod structures;
