// wrangler.toml [[rules]] bundles prompts/*.md into the Worker as text modules.
declare module '*.md' {
  const text: string;
  export default text;
}
