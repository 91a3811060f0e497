export declare const COMMON_HEADERS: Record<string, string>;
export declare function framingFor(urlPath: string): 'any' | 'self';
export declare function inlineScriptHashes(html: string): string[];
export declare function contentSecurityPolicy(options: { scriptHashes: string[]; framing: 'any' | 'self' }): string;
export declare function pageHeaders(urlPath: string, html: string): Record<string, string>;
export declare function exportedPages(outDir: string): { file: string; html: string; urlPaths: string[] }[];
export declare function netlifyHeadersFile(outDir: string): string;
export declare function nginxSnippet(outDir: string): string;
