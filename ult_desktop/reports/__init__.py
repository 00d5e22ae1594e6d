"""ult_desktop.reports"""
