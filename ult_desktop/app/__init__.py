"""ult_desktop.app"""
