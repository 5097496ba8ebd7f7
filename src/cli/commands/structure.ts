// `trade structure <name>`: one structure detector's outputs over stored candles (see series-command.ts).
import { seriesCommand } from './series-command';

export const structureCommand = seriesCommand('structure');
