// Typed wrapper over one core structure detector (swing, trend, market_structure, zones,
// fibonacci, rolling_window, derived_zones): a CoreIndicator created from the structure registry.
// Outputs are f64 columns; NaN = none, events are +1 / -1 / 0. Always `free()` when done.
import { CoreIndicator } from './indicators';

export class CoreStructure extends CoreIndicator {
  constructor(name: string, params: Record<string, number> = {}) {
    super(name, params, undefined, 'structure');
  }
}
