// The list of CLI commands. Each command lives in its own file; add it here.
import type { Command } from '../command';
import { dataInfoCommand } from './data-info';
import { indicatorCommand } from './indicator';
import { structureCommand } from './structure';

export const COMMANDS: readonly Command[] = [dataInfoCommand, indicatorCommand, structureCommand];
