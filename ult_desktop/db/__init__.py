"""ult_desktop.db"""
