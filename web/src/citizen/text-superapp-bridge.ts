// UI text of the super app's host page for mini-apps (/apps/:slug): title bar, sheets; under `bridge`.
import type { Shape } from '../shared/text-shape';

const zhCN = {
  close: '关闭',
  loading: '正在打开应用…',
  unavailable: '该应用已暂停或下架，暂时无法使用',
  notFound: '没有这个应用',
  sameOrigin: '该应用的地址无效，无法打开',
  by: '由{{owner}}提供',
  consentTitle: '授权',
  consentDone: '完成',
  consentCancel: '取消',
  payTitle: '支付',
  payMerchant: '收款方',
  payAmount: '金额',
  payClose: '关闭',
  payPending: '支付结果确认中…',
  scanTitle: '扫一扫',
  scanHint: '将二维码放入取景框',
  scanNoCamera: '无法使用摄像头，请手动输入二维码内容',
  scanManual: '手动输入',
  scanSubmit: '确定',
  scanCancel: '取消',
};

const en: Shape<typeof zhCN> = {
  close: 'Close',
  loading: 'Opening the app…',
  unavailable: 'This app is suspended or taken down and cannot be used now',
  notFound: 'No such app',
  sameOrigin: "The app's address is not valid; it cannot be opened",
  by: 'By {{owner}}',
  consentTitle: 'Consent',
  consentDone: 'Done',
  consentCancel: 'Cancel',
  payTitle: 'Payment',
  payMerchant: 'Payee',
  payAmount: 'Amount',
  payClose: 'Close',
  payPending: 'Confirming the payment…',
  scanTitle: 'Scan',
  scanHint: 'Hold the QR code inside the frame',
  scanNoCamera: 'The camera is not available: type the code instead',
  scanManual: 'Type it in',
  scanSubmit: 'OK',
  scanCancel: 'Cancel',
};

export const bridgeText = { zhCN, en };
