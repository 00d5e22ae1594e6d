"""ult_desktop.ui"""
