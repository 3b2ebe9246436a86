// A static asset served by the app: built in-process on Node (assets.ts), prebuilt for Workers.
export interface Asset {
  body: string;
  type: string;
}

export type AssetSource = () => Map<string, Asset>;
