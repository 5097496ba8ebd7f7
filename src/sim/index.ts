// The simulated venue (backtest, shadow, replay) over the WASM exchange.
export { SIGNAL_WINDOW, SimVenue, type SimVenueConfig } from './sim-venue';
