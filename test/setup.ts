// Preloaded by `bun test` (bunfig.toml): deterministic environment for every test file.
process.env.TZ = 'UTC';
for (const k of Object.keys(process.env)) {
  if (k.startsWith('BYBIT_')) delete process.env[k];
}
