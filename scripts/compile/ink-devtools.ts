// Stands in for Ink's devtools bridge in dist/trade: Ink imports it only when DEV=true, and the
// React devtools (react-devtools-core) are not part of the binary.
console.error('trade: DEV=true asks Ink for the React devtools, which dist/trade does not include; unset DEV');
