// The simulated venue (backtest, shadow, replay) over the WASM exchange.
export { SimVenue, type SimVenueConfig } from './sim-venue';
