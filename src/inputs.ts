/** Reads one input by its name in action.yml; '' when unset. */
export type InputReader = (name: string) => string;

/**
 * Reads inputs the way @actions/core does: INPUT_<NAME upper-cased, spaces to underscores>. Both
 * steps read inputs; the post step needs nothing else of the configuration.
 */
export function inputsFromEnv(env: NodeJS.ProcessEnv = process.env): InputReader {
  return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
}
