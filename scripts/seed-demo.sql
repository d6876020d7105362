-- Demo catalog for `make run`: a few products priced in USD, EUR and JPY, and in the
-- currencies of the demo's local methods (CNY alipay/wechat_pay, THB promptpay, SGD paynow,
-- BRL pix, IDR bank_transfer_id).
-- Idempotent: products that already exist are left alone (ON CONFLICT DO NOTHING), and
-- prices are only added with a product this run inserted, so a re-run never changes
-- what the merchant has edited since.
WITH inserted AS (
    INSERT INTO products (sku, name, description, active, stock) VALUES
        ('TSHIRT-BLK-M', 'Black T-shirt (M)', 'Organic cotton, medium.', true, 100),
        ('MUG-LOGO', 'Logo mug', 'Stoneware mug, 330 ml.', true, NULL),
        ('STICKER-PACK', 'Sticker pack', 'Five vinyl stickers.', true, 500),
        ('HOODIE-GRY-L', 'Grey hoodie (L)', 'Heavyweight fleece, large. Sold out.', true, 0)
    ON CONFLICT DO NOTHING
    RETURNING sku
)
INSERT INTO product_prices (sku, currency, unit_amount)
SELECT price.sku, price.currency, price.unit_amount
FROM (VALUES
        ('TSHIRT-BLK-M', 'USD', 2500), ('TSHIRT-BLK-M', 'EUR', 2300), ('TSHIRT-BLK-M', 'JPY', 3800),
        ('MUG-LOGO', 'USD', 1250), ('MUG-LOGO', 'EUR', 1150), ('MUG-LOGO', 'JPY', 1900),
        ('STICKER-PACK', 'USD', 500), ('STICKER-PACK', 'EUR', 450), ('STICKER-PACK', 'JPY', 700),
        ('HOODIE-GRY-L', 'USD', 5900), ('HOODIE-GRY-L', 'EUR', 5500), ('HOODIE-GRY-L', 'JPY', 8900),
        ('TSHIRT-BLK-M', 'CNY', 17900), ('TSHIRT-BLK-M', 'THB', 89000), ('TSHIRT-BLK-M', 'SGD', 3400),
        ('TSHIRT-BLK-M', 'BRL', 12900), ('TSHIRT-BLK-M', 'IDR', 39000000),
        ('MUG-LOGO', 'CNY', 8900), ('MUG-LOGO', 'THB', 44000), ('MUG-LOGO', 'SGD', 1700),
        ('MUG-LOGO', 'BRL', 6400), ('MUG-LOGO', 'IDR', 19500000),
        ('STICKER-PACK', 'CNY', 3500), ('STICKER-PACK', 'THB', 17500), ('STICKER-PACK', 'SGD', 700),
        ('STICKER-PACK', 'BRL', 2600), ('STICKER-PACK', 'IDR', 7800000),
        ('HOODIE-GRY-L', 'CNY', 41900), ('HOODIE-GRY-L', 'THB', 209000), ('HOODIE-GRY-L', 'SGD', 7900)
    ) AS price (sku, currency, unit_amount)
JOIN inserted USING (sku)
ON CONFLICT DO NOTHING;
