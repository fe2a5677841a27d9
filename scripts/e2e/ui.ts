export async function runUiCheck(): Promise<string> {
  throw new Error('todo');
}
