// `trade indicator <name>`: one indicator's outputs over stored candles (see series-command.ts).
import { seriesCommand } from './series-command';

export const indicatorCommand = seriesCommand('indicator');
