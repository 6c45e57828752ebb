export function contentType(file: string): string;
export function resolveFile(root: string, urlPath: string): string | null;
export function serve(root: string, port?: number, host?: string): Promise<{ url: string; close(): Promise<void> }>;
