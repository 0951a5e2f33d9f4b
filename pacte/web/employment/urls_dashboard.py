# Filled in by the module that owns these pages.
urlpatterns = []
