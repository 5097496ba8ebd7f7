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
// Text imported with `{ type: 'text' }` (inlined into the report page, embedded by bun build --compile).
declare module '*.client.js' {
  const text: string;
  export default text;
}
declare module '*.standalone.production.js' {
  const text: string;
  export default text;
}
declare module '*.css' {
  const text: string;
  export default text;
}
