import packageJson from '../../package.json' with { type: 'json' };

export const PRODUCT_NAME = packageJson.productName;
export const VERSION = packageJson.version;
