"""ult_desktop.devices"""
