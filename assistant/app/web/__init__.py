"""app/web"""
