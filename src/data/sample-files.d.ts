// Bun `import path from './x.csv.gz' with { type: 'file' }` gives the file's path (embedded in the
// compiled binary). Declares that module shape for the bundled sample data.
declare module '*.csv.gz' {
  const path: string;
  export default path;
}
