export async function runNvimCheck(): Promise<string> {
  throw new Error('todo');
}
