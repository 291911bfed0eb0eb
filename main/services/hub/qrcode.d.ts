// The `qrcode` package ships no types: the one function main uses (hub/offer.ts).
declare module 'qrcode' {
  interface ToStringOptions {
    readonly type?: 'svg' | 'utf8' | 'terminal';
    readonly errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
    readonly margin?: number;
    readonly width?: number;
  }
  const qrcode: { toString(text: string, options?: ToStringOptions): Promise<string> };
  export default qrcode;
}
