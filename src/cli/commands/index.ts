// The list of CLI commands. Each command lives in its own file; add it here.
import type { Command } from '../command';
import { auditCheckCommands, auditCommand } from './audit';
import { backtestCommand } from './backtest';
import { indicatorsCommand, playsCommand, structuresCommand } from './catalog';
import { haltCommand, panicCommand, resumeCommand } from './control';
import { dashboardCommand } from './dashboard';
import { dataCandlesCommand } from './data-candles';
import { dataCoverageCommand, dataGapsCommand } from './data-coverage';
import { dataImportCommand } from './data-import';
import { dataInfoCommand } from './data-info';
import { dataInstrumentsCommand } from './data-instruments';
import { dataSyncCommand } from './data-sync';
import { emulatorCommand } from './emulator';
import { forgeDataCommand } from './forge-data';
import { indicatorCommand } from './indicator';
import { mcpCommand } from './mcp';
import { playTestCommand } from './play-test';
import { playValidateCommand } from './play-validate';
import { replayCommand } from './replay';
import { reportCommand } from './report';
import { runCommand } from './run';
import { equityCommand, runsCommand, showCommand, tradesCommand } from './runs';
import { sessionShowCommand, sessionsCommand } from './sessions';
import { structureCommand } from './structure';
import { sweepCommand } from './sweep';
import { toolCommand } from './tool';
import { toolsCommand } from './tools';
import { walkforwardCommand } from './walkforward';
import { workerCommand } from './worker';

export const COMMANDS: readonly Command[] = [
  dataInfoCommand,
  dataImportCommand,
  dataCandlesCommand,
  dataCoverageCommand,
  dataGapsCommand,
  dataInstrumentsCommand,
  dataSyncCommand,
  forgeDataCommand,
  indicatorCommand,
  indicatorsCommand,
  structureCommand,
  structuresCommand,
  playValidateCommand,
  playTestCommand,
  playsCommand,
  backtestCommand,
  auditCommand,
  ...auditCheckCommands,
  runsCommand,
  showCommand,
  tradesCommand,
  equityCommand,
  reportCommand,
  sweepCommand,
  walkforwardCommand,
  workerCommand,
  emulatorCommand,
  runCommand,
  replayCommand,
  panicCommand,
  haltCommand,
  resumeCommand,
  sessionsCommand,
  sessionShowCommand,
  dashboardCommand,
  toolsCommand,
  toolCommand,
  mcpCommand,
];
