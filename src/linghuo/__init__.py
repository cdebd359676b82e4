"""linghuo — 灵活就业公共服务平台: Lianyungang's 连政办发〔2021〕50号 as working public services."""

__version__ = "0.1.0"
