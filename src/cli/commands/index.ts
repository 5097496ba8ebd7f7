// The list of CLI commands. Each command lives in its own file; add it here.
import type { Command } from '../command';
import { dataInfoCommand } from './data-info';
import { playValidateCommand } from './play-validate';

export const COMMANDS: readonly Command[] = [dataInfoCommand, playValidateCommand];
