/** pdfmake's own QR encoder (an internal module of the pinned pdfmake 0.3.11), used for its module matrix. */
declare module 'pdfmake/js/qrEnc.js' {
  interface QrMeasured {
    readonly _canvas: ReadonlyArray<{ readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly color?: string }>;
    readonly _width: number;
  }
  interface QrEnc {
    measure(node: { qr: string; version?: number; eccLevel?: string; mode?: string; fit?: number; padding?: number; foreground?: string; background?: string }): QrMeasured;
  }
  const qrEnc: QrEnc | { readonly default: QrEnc };
  export default qrEnc;
}
