// Writes docs/tools.md from the tool registry (src/tools/registry/tools-doc.ts renders it).
// Run after changing a tool: bun scripts/gen-tools-doc.ts
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderToolsDoc } from '../src/tools/registry/tools-doc';

const path = resolve(import.meta.dir, '../docs/tools.md');
writeFileSync(path, renderToolsDoc());
console.log(`gen-tools-doc: ${path}`);
