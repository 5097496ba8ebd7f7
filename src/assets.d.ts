// Module declarations for files imported with `{ type: 'file' }` (embedded by bun build --compile).
declare module '*.wasm' {
  const path: string;
  export default path;
}
declare module '*.node' {
  const path: string;
  export default path;
}
declare module '*.so' {
  const path: string;
  export default path;
}
