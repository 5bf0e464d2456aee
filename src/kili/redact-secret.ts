/**
 * Replaces every occurrence of the secret, so no message can leak it. Its own module: settings
 * checks use it without loading the GraphQL client.
 */
export function redactSecret(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('***');
}
