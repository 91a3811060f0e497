export declare const SYSTEM_CHROMIUM_ARGS: string[];
export declare function findChromium(): { executablePath?: string; source: string } | null;
export declare function chromiumLaunchOptions(): { executablePath?: string; args?: string[] };
