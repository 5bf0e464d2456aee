/**
 * "an IMAGE project", "a PDF project": the article follows how the type is said aloud (IMAGE,
 * AUDIO and LLM_… start with a vowel sound; PDF, TEXT, URL and VIDEO do not).
 */
export function aProjectOfType(inputType: string): string {
  const vowelSound = /^(IMAGE|AUDIO|LLM|NA$)/.test(inputType);
  return `${vowelSound ? 'an' : 'a'} ${inputType} project`;
}
