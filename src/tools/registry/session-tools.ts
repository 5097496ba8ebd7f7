// Registered session tools: list and show the live sessions' journals, and the kill switch of a
// running session (panic, halt, resume), appended to its journal exactly as `trade panic` does.
import { z } from 'zod';
import type { ControlCommand } from '../../state';
import { sendSessionControl } from '../control';
import { sessionShow, sessionsList } from '../sessions';
import { stateField } from './fields';
import { defineTool, type ToolDef } from './tool-def';

const sessionField = z.string().min(1).describe('session id, a unique prefix of one, or a journal path');

const CONTROL_TEXT: Record<ControlCommand, string> = {
  panic: 'Kill switch: cancel every order of a running session, close its position reduce-only and halt it',
  halt: 'Stop a running session from sending anything more (protection already on the venue stays)',
  resume: 'Let a halted session trade again (a person decides this)',
};

function controlTool(command: ControlCommand): ToolDef {
  return defineTool({
    name: `session.${command}`,
    group: 'session',
    description: CONTROL_TEXT[command],
    mutates: true,
    input: z
      .object({
        session: sessionField
          .optional()
          .describe('session id, a unique prefix of one, or a journal path; default: the only running session'),
        state: stateField,
      })
      .strict(),
    run: async (i, ctx) => sendSessionControl({ ref: i.session, command, stateDir: i.state, nowMs: ctx.nowMs }),
  });
}

export const SESSION_TOOLS: readonly ToolDef[] = [
  defineTool({
    name: 'session.list',
    group: 'session',
    description: 'Live, demo and shadow sessions under the state folder, newest first, with state, bars, fills and PnL',
    input: z.object({ state: stateField }).strict(),
    run: async (i) => sessionsList({ stateDir: i.state }),
  }),
  defineTool({
    name: 'session.show',
    group: 'session',
    description: 'One session in full: run, account, position, orders, fills and recent decisions',
    input: z.object({ session: sessionField, state: stateField }).strict(),
    run: async (i) => sessionShow({ stateDir: i.state, ref: i.session }),
  }),
  controlTool('panic'),
  controlTool('halt'),
  controlTool('resume'),
];
