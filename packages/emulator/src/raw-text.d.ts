/** A file imported as its text (`?raw`): vite reads it so for tests, the bundle embeds it. */
declare module '*.graphql?raw' {
  const text: string;
  export default text;
}
